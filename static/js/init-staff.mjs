// Starts MoJ Frontend's components (the filter toggle, sortable tables) on staff pages, beside GOV.UK
// Frontend's, which init.mjs starts on every page. A file, for the content security policy; the path
// is relative so it works under any STATIC_URL.
import { initAll } from "../moj/all.bundle.mjs";

initAll();
