// The learner's view, by hand: a live Jupyter Notebook page in headless Chromium, driven as a learner would — open a
// notebook, Run All, solve a part, run it and its check, save — with a screenshot after each step.
//
//   node --experimental-websocket .ci/learner-view.mjs URL OUT [SOLUTION_FILE]
//
// URL: the notebook's page on a running Jupyter Notebook 6 server, token included
// (http://127.0.0.1:8888/notebooks/01-littles-law.ipynb?token=…); OUT: the screenshots' path prefix (OUT-1-opened.png, …);
// SOLUTION_FILE: C# to put into the first cell that throws NotImplementedException before running it and the next code cell (its check).
// Chromium is Debian's (/usr/bin/chromium), started headless on 127.0.0.1:9333 and stopped at the end. Prints what it did.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const [url, out, solutionFile] = process.argv.slice(2);
if (!url || !out) {
  console.error("usage: node --experimental-websocket .ci/learner-view.mjs URL OUT [SOLUTION_FILE]");
  process.exit(2);
}

const port = 9333;
const chromium = spawn("/usr/bin/chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", `--remote-debugging-port=${port}`, "--remote-debugging-address=127.0.0.1",
  "--window-size=1280,1000", "about:blank",
], { stdio: "ignore" });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function json(path, method = "GET") {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
      return await response.json();
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`Chromium did not answer on ${port}`);
}

let socket;
let nextId = 1;
const pending = new Map();
function send(method, params = {}) {
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

async function evaluate(expression) {
  const result = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (result.exceptionDetails) {
    throw new Error(`${expression}: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
  }
  return result.result.value;
}

async function until(what, expression, seconds) {
  for (let waited = 0; waited < seconds * 2; waited++) {
    try {
      if (await evaluate(expression)) {
        return;
      }
    } catch {
      // The page is still loading.
    }
    await sleep(500);
  }
  throw new Error(`gave up waiting ${seconds} s for: ${what}`);
}

async function screenshot(name, scrollToCell) {
  if (scrollToCell !== undefined) {
    await evaluate(`Jupyter.notebook.get_cell(${scrollToCell}).element[0].scrollIntoView(); true`);
    await sleep(500);
  }
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  const file = `${out}-${name}.png`;
  writeFileSync(file, Buffer.from(data, "base64"));
  console.log(`screenshot ${file}`);
}

try {
  const target = await json(`/json/new?${encodeURIComponent(url)}`, "PUT");
  socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve) => socket.addEventListener("open", resolve));
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      message.error ? reject(new Error(message.error.message)) : resolve(message.result);
    }
  });
  await send("Page.enable");
  await send("Runtime.enable");

  const started = Date.now();
  await until("the kernel to start", "Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && !Jupyter.notebook.kernel_busy", 600);
  console.log(`opened; kernel ready after ${((Date.now() - started) / 1000).toFixed(1)} s: ${await evaluate("Jupyter.notebook.kernel.name")}`);
  await screenshot("1-opened");

  const ranAll = Date.now();
  await evaluate("Jupyter.notebook.execute_all_cells(); true");
  const allDone = `Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || typeof c.input_prompt_number === 'number')`;
  await until("Run All to finish", allDone, 1200);
  console.log(`ran all cells in ${((Date.now() - ranAll) / 1000).toFixed(1)} s`);
  const summary = await evaluate(`JSON.stringify(Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => ({
    n: c.input_prompt_number, errors: c.output_area.outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    images: c.output_area.outputs.filter(o => o.data && o.data['image/png']).length })))`);
  console.log(`cells: ${summary}`);
  const firstImage = await evaluate(`Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.output_area.outputs.some(o => o.data && o.data['image/png']))`);
  await screenshot("2-ran-all", firstImage >= 0 ? firstImage : 0);

  if (solutionFile) {
    const solution = JSON.stringify(readFileSync(solutionFile, "utf8"));
    const index = await evaluate(`Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().includes('NotImplementedException'))`);
    if (index < 0) {
      throw new Error("no cell throws NotImplementedException");
    }
    const next = await evaluate(`Jupyter.notebook.get_cells().findIndex((c, i) => i > ${index} && c.cell_type === 'code')`);
    await evaluate(`Jupyter.notebook.get_cell(${index}).set_text(${solution}); Jupyter.notebook.get_cell(${index}).output_area.clear_output(); Jupyter.notebook.get_cell(${next}).output_area.clear_output(); Jupyter.notebook.get_cell(${index}).set_input_prompt(null); Jupyter.notebook.get_cell(${next}).set_input_prompt(null); Jupyter.notebook.execute_cells([${index}, ${next}]); true`);
    await until("the solved part and its check to run", `[${index}, ${next}].every(i => typeof Jupyter.notebook.get_cell(i).input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy`, 600);
    const check = await evaluate(`Jupyter.notebook.get_cell(${next}).output_area.element[0].innerText`);
    console.log(`solved cell ${index}; its check shows: ${check.trim()}`);
    await screenshot("3-solved", index);
  }

  await evaluate("Jupyter.notebook.save_notebook().then(() => true)");
  await until("the save to finish", "!Jupyter.notebook.dirty", 120);
  console.log("saved");
  await screenshot("4-saved");
} finally {
  chromium.kill();
}
process.exit(0);
