// The bridge's own pages for a browser that has no session: the address printed by `npm start`
// opened in another browser, or a launch link used twice. Static text only: no script, no data
// from the workspace, no way to the API, so serving it without a session gives nothing away.

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; margin: 0; }
main { max-width: 40rem; margin: 4rem auto; padding: 2rem 2.5rem; background: #fff; border-radius: 8px;
  box-shadow: 0 1px 3px rgb(0 0 0 / 15%); }
h1 { font-size: 1.5rem; margin-top: 0; }
code { font: 0.95em ui-monospace, monospace; background: #eef0f3; padding: 0.1em 0.3em; border-radius: 3px; }
li { margin-bottom: 0.5rem; }
.small { color: #4a525c; font-size: 0.9rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} – VSO Workbench</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const HOW_TO_OPEN = `<h2>How to open it</h2>
<ol>
<li>If you started it with <code>npm start</code>, use the window that <code>npm start</code> opened.
If you closed that window, stop <code>npm start</code> in its terminal (<kbd>Ctrl</kbd>+<kbd>C</kbd>)
and run <code>npm start</code> again: it opens a new window with a new link.</li>
<li>To use a browser of your choice, run <code>npx vso serve</code> in the VSO Workbench folder instead.
It prints one line with an <code>appUrl</code>: paste that whole link, including the part after
<code>?code=</code>, into the browser's address bar. It works once, in one browser.</li>
</ol>`;

/** What a browser without a session sees at any page of the app. */
export function noSessionPage(): string {
  return page(
    'Open VSO Workbench with its link',
    `<h1>Open VSO Workbench with the link that starts it</h1>
<p>This address belongs to VSO Workbench running in browser mode on this computer, but this browser
has not been let in. The workbench opens only through the one-time link it was started with: that link
carries a secret, so that no other program or user of this computer can reach your workspace.</p>
${HOW_TO_OPEN}
<p class="small">Nothing from any workspace is shown on this page, and it cannot reach one.</p>`,
  );
}

/** What a launch link that was used already (or never was one) opens. */
export function usedLaunchLinkPage(): string {
  return page(
    'Launch link already used',
    `<h1>This launch link was already used</h1>
<p>Each link that opens VSO Workbench works once, in the first browser that opens it, so that a link
seen in a browser's history or in a list of running programs opens nothing. This one was used already,
or is not a link of this workbench.</p>
${HOW_TO_OPEN}
<p class="small">Nothing from any workspace is shown on this page, and it cannot reach one.</p>`,
  );
}
