// Starts GOV.UK Frontend's components on every page. It is a file rather than an inline script so
// the content security policy allows it without a nonce. The path is relative so it works under any
// STATIC_URL; collectstatic keeps this unhashed copy next to the hashed one. MoJ Frontend's
// components start on staff pages only (init-staff.mjs), so a public page, and its "Exit this page"
// shortcut, is ready without waiting for them.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
