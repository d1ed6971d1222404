// Loaded with --import before server/main.ts in the servers the suites start,
// so they load their modules as `npm start` does (server/module-loading.ts's
// drizzle-orm shortcut); with NODE_COMPILE_CACHE set by e2e/server.ts, every
// server of a run after the first finds its code compiled already.
import { registerDrizzleShortcut } from "../server/module-loading.ts";

registerDrizzleShortcut();
