// The learner's view, by hand: a live Jupyter Notebook 6 page in headless Chromium, driven as a learner would — run the
// cells a part needs, write a wrong answer and run its check, write a right one and run it again, answer a concept
// question — with a screenshot after each step, and the text each step's last cell showed printed for the record.
//
//   node --experimental-websocket .ci/learner-view.mjs URL OUT PLAN.json
//
// URL: the notebook's page on a running Jupyter Notebook 6 server, token included
// (http://127.0.0.1:8888/notebooks/07-autoscaling.ipynb?token=…); OUT: the screenshots' path prefix (OUT-1-….png, …);
// PLAN.json: the steps, in order, each {"name": "2-wrong", "edit": {"find": "text in the cell", "text": "its new source"},
// "run": ["text in a cell", …], "expect": "text the last cell run must show"}; "edit" and "expect" are optional. A cell
// is found by the first cell whose source contains the text (after the edits before it). Each step runs its cells in order,
// one at a time, waits for each, scrolls to the last and takes a screenshot. A step may instead run a stretch of the
// notebook, "range": {"from": "text", "to": "text"} (every code cell from the one to the other, both included), or the
// whole of it, "runAll": true (Jupyter's Run All); either takes a screenshot of every cell that shows a figure
// (OUT-NAME-cN.png) besides the step's own. "save": true saves the notebook through Jupyter (Ctrl-S) after the step.
// Every cell run is reported with what it showed; a cell with an error or anything on stderr (Jupyter's red box) is
// flagged "STDERR"/"ERROR" and makes the run exit 1, as a missing "expect" does.
// Chromium is Debian's (/usr/bin/chromium), started headless on 127.0.0.1:9333 and stopped at the end. Exits 1 when a
// step's "expect" is not shown.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const [url, out, planFile] = process.argv.slice(2);
if (!url || !out || !planFile) {
  console.error("usage: node --experimental-websocket .ci/learner-view.mjs URL OUT PLAN.json");
  process.exit(2);
}

const plan = JSON.parse(readFileSync(planFile, "utf8"));
const port = 9333;
const chromium = spawn("/usr/bin/chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", `--remote-debugging-port=${port}`, "--remote-debugging-address=127.0.0.1",
  "--window-size=1280,1100", "about:blank",
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

/** The index of the first cell whose source contains the text (-1: none). */
const find = (text) => evaluate(`Jupyter.notebook.get_cells().findIndex(c => c.get_text().includes(${JSON.stringify(text)}))`);

async function run(index) {
  await evaluate(`(() => { const c = Jupyter.notebook.get_cell(${index}); c.output_area.clear_output(); c.set_input_prompt(null); Jupyter.notebook.execute_cells([${index}]); return true; })()`);
  await until(`cell ${index} to run`, `typeof Jupyter.notebook.get_cell(${index}).input_prompt_number === 'number' && !Jupyter.notebook.kernel_busy`, 900);
  return evaluate(`Jupyter.notebook.get_cell(${index}).output_area.element[0].innerText`);
}

/** What a cell's outputs hold that a learner should not see: stderr streams and errors (the red boxes), and its figures. */
const outputsOf = (index) => evaluate(`(() => { const outs = Jupyter.notebook.get_cell(${index}).output_area.outputs;
  return { stderr: outs.filter(o => o.output_type === 'stream' && o.name === 'stderr').map(o => o.text).join(''),
    errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue).join('; '),
    images: outs.filter(o => o.data && (o.data['image/png'] || o.data['image/svg+xml'])).length }; })()`);

/** Reports one cell's run; true when it showed an error or wrote to stderr. */
async function report(index, shown, seconds) {
  const { stderr, errors, images } = await outputsOf(index);
  const flags = `${stderr ? " STDERR" : ""}${errors ? " ERROR" : ""}${images ? ` [${images} figure${images > 1 ? "s" : ""}]` : ""}`;
  console.log(`  ran cell ${index}${seconds === undefined ? "" : ` in ${seconds.toFixed(1)} s`}${flags}: ${shown.replace(/\s+/g, " ").slice(0, 400) || "(nothing shown)"}`);
  if (stderr) {
    console.log(`    stderr: ${stderr.replace(/\s+/g, " ").slice(0, 600)}`);
  }
  if (errors) {
    console.log(`    error: ${errors.slice(0, 600)}`);
  }
  return { bad: Boolean(stderr || errors), images };
}

async function screenshot(name, index) {
  await evaluate(`Jupyter.notebook.get_cell(${index}).element[0].scrollIntoView({ block: "center" }); true`);
  await sleep(700);
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  const file = `${out}-${name}.png`;
  writeFileSync(file, Buffer.from(data, "base64"));
  console.log(`  screenshot ${file}`);
}

let failed = false;
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
  console.log(`opened; kernel ${await evaluate("Jupyter.notebook.kernel.name")} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  for (const step of plan.steps) {
    console.log(`step ${step.name}`);
    if (step.edit) {
      const index = await find(step.edit.find);
      if (index < 0) {
        throw new Error(`step ${step.name}: no cell contains ${JSON.stringify(step.edit.find)}`);
      }
      await evaluate(`Jupyter.notebook.get_cell(${index}).set_text(${JSON.stringify(step.edit.text)}); true`);
      console.log(`  wrote cell ${index}`);
    }

    let last = -1;
    let shown = "";
    for (const text of step.run ?? []) {
      last = await find(text);
      if (last < 0) {
        throw new Error(`step ${step.name}: no cell contains ${JSON.stringify(text)}`);
      }
      const ranAt = Date.now();
      shown = (await run(last)).trim();
      failed = (await report(last, shown, (Date.now() - ranAt) / 1000)).bad || failed;
    }

    if (step.range) {
      const from = await find(step.range.from);
      const to = await find(step.range.to);
      if (from < 0 || to < from) {
        throw new Error(`step ${step.name}: no range from ${JSON.stringify(step.range.from)} to ${JSON.stringify(step.range.to)}`);
      }
      for (let index = from; index <= to; index++) {
        if (await evaluate(`Jupyter.notebook.get_cell(${index}).cell_type`) !== "code") {
          continue;
        }
        const ranAt = Date.now();
        shown = (await run(index)).trim();
        last = index;
        const { bad, images } = await report(index, shown, (Date.now() - ranAt) / 1000);
        failed = bad || failed;
        if (images) {
          await screenshot(`${step.name}-c${index}`, index);
        }
      }
    }

    if (step.runAll) {
      const ranAt = Date.now();
      await evaluate("Jupyter.notebook.get_cells().forEach(c => c.cell_type === 'code' && c.set_input_prompt(null)); Jupyter.notebook.execute_all_cells(); true");
      await until("Run All to finish", "Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || typeof c.input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy", 1800);
      console.log(`  ran all cells in ${((Date.now() - ranAt) / 1000).toFixed(1)} s`);
      const count = await evaluate("Jupyter.notebook.ncells()");
      for (let index = 0; index < count; index++) {
        if (await evaluate(`Jupyter.notebook.get_cell(${index}).cell_type`) !== "code") {
          continue;
        }
        shown = (await evaluate(`Jupyter.notebook.get_cell(${index}).output_area.element[0].innerText`)).trim();
        last = index;
        const { bad, images } = await report(index, shown);
        failed = bad || failed;
        if (images) {
          await screenshot(`${step.name}-c${index}`, index);
        }
      }
    }

    if (step.expect && !shown.includes(step.expect)) {
      console.log(`  EXPECTED the last cell to show: ${step.expect}`);
      failed = true;
    }

    await screenshot(step.name, Math.max(last, 0));

    if (step.save) {
      await evaluate("Jupyter.notebook.save_notebook().then(() => true)");
      await until("the save to finish", "!Jupyter.notebook.dirty", 120);
      console.log("  saved");
    }
  }
} finally {
  chromium.kill();
}
process.exit(failed ? 1 : 0);
