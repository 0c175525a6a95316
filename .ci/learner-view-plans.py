# Writes the plans .ci/learner-view-NN.json for notebooks 11–15 (run them with .ci/learner-view.mjs), from a student
# copy's notebooks (the starter cells a learner meets) and the instructor notebooks (their Solution cells):
# every code cell from the top in stretches between the exercise cells (a screenshot of each figure), part (a)'s
# starter check, a wrong answer (a learner's plausible first try, below), the same check again, the right answer; the
# other parts answered rightly; the prediction blank, then filled; concept question 1 blank, wrong, right; question 2
# right.
#
#   /usr/bin/python3 .ci/learner-view-plans.py STUDENT_NOTEBOOKS   (e.g. /tmp/student/notebooks, from release --student-copy)
import json, nbformat, os, re, sys
WT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDENT = sys.argv[1]
WRONG = {
 11: '''long TokensSaved(int systemPromptTokens, int[] questionTokens, int[] answerTokens)
{
    // My first try: each turn finds everything before its question, token by token.
    long saved = 0;
    long history = systemPromptTokens;
    for (int k = 0; k < questionTokens.Length; k++)
    {
        saved += history;
        history += questionTokens[k] + answerTokens[k];
    }

    return saved;
}''',
 12: '''double ExpectedTokens(double acceptanceRate, int draftTokens)
{
    // My first try: the drafts that survive, α + α² + … + α^γ.
    double expected = 0;
    for (int i = 1; i <= draftTokens; i++)
    {
        expected += Math.Pow(acceptanceRate, i);
    }

    return expected;
}''',
 13: '''int? SmallestTp(double weightGb, double kvGbPerRequest, int concurrency, double usableGbPerGpu, int[] degrees)
{
    // My first try: the weights must fit.
    foreach (int t in degrees)
    {
        if (weightGb / t <= usableGbPerGpu)
        {
            return t;
        }
    }

    return null;
}''',
 14: '''double HistogramQuantile(double[] upperBounds, double[] cumulativeCounts, double q)
{
    // My first try: the upper bound of the bucket the rank falls in.
    double rank = q * cumulativeCounts[^1];
    int i = 0;
    while (i < upperBounds.Length && cumulativeCounts[i] < rank)
    {
        i++;
    }

    return upperBounds[Math.Min(i, upperBounds.Length - 1)];
}''',
 15: '''double QueuedWhenReady(double[] arrivalsPerMinute, double capacityPerMinute, int readyMinute)
{
    // My first try: arrivals minus what the fleet serves, added up.
    double queued = 0;
    for (int minute = 0; minute < readyMinute; minute++)
    {
        queued += arrivalsPerMinute[minute] - capacityPerMinute;
    }

    return queued;
}''',
}
PREDICT = {11: '50', 12: '10', 13: '2', 14: '200', 15: '60'}
QWRONG = {11: 'a', 12: 'a', 13: 'a', 14: 'b', 15: 'c'}
QRIGHT = {11: ('b', 'c'), 12: ('b', 'b'), 13: ('c', 'a'), 14: ('a', 'a'), 15: ('b', 'a')}
NAMES = {11: '11-prefix-caching', 12: '12-speculative-decoding', 13: '13-multi-gpu-70b', 14: '14-measuring-serving', 15: '15-autoscaling-dynamics'}

for n, name in NAMES.items():
    st = nbformat.read(f'{STUDENT}/{name}.ipynb', 4).cells
    sol = nbformat.read(f'{WT}/notebooks/{name}.ipynb', 4).cells
    solutions = {}
    for i, c in enumerate(sol):
        m = re.match(r'### Solution \((\w)\)', c.source) if c.cell_type == 'markdown' else None
        if m:
            solutions[m.group(1)] = sol[i + 1].source
    steps, pending, count = [], [], [0]
    def step(name, **kw):
        count[0] += 1
        steps.append({'name': f'{count[0]:02d}-{name}', **kw})
    def flush(label):
        if pending:
            step(label, range={'from': pending[0], 'to': pending[-1]})
            pending.clear()
    code = [c.source for c in st if c.cell_type == 'code']
    i = 0
    while i < len(code):
        s = code[i]
        m = re.match(rf'Check\({n}, "(\w)"', s)
        if '// TODO' in s and 'predicted' not in s:
            part = re.search(rf'Check\({n}, "(\w)"', code[i + 1]).group(1)
            check = f'Check({n}, "{part}"'
            anchor = s.splitlines()[0]
            sol_src = solutions[part]
            # the starter cell up to its function's signature, then the solution's cell
            sig = next((l for l in s.splitlines() if l in sol_src.splitlines() and '=' not in l and '(' in l and not l.startswith('//')), None)
            fn_start = s.index(sig) if sig else None
            assert fn_start is not None, (n, part)
            inputs = s[:fn_start]
            right = inputs + sol_src
            flush(f'lesson-before-{part}')
            if part == 'a':
                step('a-starter', run=[anchor, check], expect='not answered yet')
                tail = sol_src[sol_src.rindex('\n}\n\n') + 4:]   # the answer lines after the function
                wrong = inputs + WRONG[n] + '\n\n' + tail
                step('a-wrong', edit={'find': anchor, 'text': wrong}, run=[anchor, check], expect='✘')
                step('a-wrong-again', run=[check], expect='✘')
                step('a-right', edit={'find': anchor, 'text': right}, run=[anchor, check], expect='✔')
            else:
                step(f'{part}-right', edit={'find': anchor, 'text': right}, run=[anchor, check], expect='✔')
            i += 2
            continue
        if '// TODO: your prediction' in s:
            flush('lesson-before-prediction')
            anchor = s.splitlines()[0].split('=')[0].strip()   # "double predictedX"
            j = next(k for k in range(i + 1, len(code)) if f'Prediction({n},' in code[k])
            between = code[i + 1:j]
            run_blank = [anchor] + between + [code[j]]
            step('predict-blank', run=run_blank, expect='Predict first')
            filled = s.replace('double.NaN', PREDICT[n])
            step('predict-filled', edit={'find': anchor, 'text': filled}, run=[anchor, code[j]])
            i = j + 1
            continue
        mq = re.search(rf'Answer\({n}, "(q\d)"', s)
        if mq:
            flush('lesson-before-questions')
            q = mq.group(1)
            anchor = f'Answer({n}, "{q}"'
            right_letter = QRIGHT[n][int(q[1]) - 1]
            if q == 'q1':
                step('q1-blank', run=[anchor])
                step('q1-wrong', edit={'find': anchor, 'text': s.replace('""', f'"{QWRONG[n]}"', 1)}, run=[anchor], expect='✘')
            step(f'{q}-right', edit={'find': anchor, 'text': s.replace('""', f'"{right_letter}"', 1)}, run=[anchor], expect='✔')
            i += 1
            continue
        pending.append(s)
        i += 1
    flush('lesson-end')
    json.dump({'steps': steps}, open(f'{WT}/.ci/learner-view-{n}.json', 'w'), ensure_ascii=False, indent=1)
    print(n, [s['name'] for s in steps])
