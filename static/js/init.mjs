// Starts GOV.UK Frontend's components, then MoJ Frontend's (sortable tables, filter toggle), on every
// page. It is a file rather than an inline script so the content security policy allows it without a
// nonce. The paths are relative so they work under any STATIC_URL; collectstatic keeps this unhashed
// copy next to the hashed one.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../moj/all.bundle.mjs";

initAll();
initMoj();
