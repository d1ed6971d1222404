// The server runs the production builds of React, React Router and Express:
// they choose them by NODE_ENV when they are first loaded, and nothing else
// sets it for `npm start`. React's development build checks and records every
// element it renders and made the server several times slower per page.
// Imported first by server/main.ts; a NODE_ENV already set (tests) is kept.
process.env.NODE_ENV ??= "production";
