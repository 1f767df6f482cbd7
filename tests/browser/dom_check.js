// Layout checks of a bpm-kpi dashboard, run by headless Chromium on a copy of the page (the page
// itself has no script). Writes "OK" or one problem per line into <pre id="dom-check">.
window.addEventListener('load', () => {
  const problems = [];
  const name = (el) => (el.querySelector('h2') || el).textContent.trim().slice(0, 50);
  // No element sticks out of its card or panel, and none scrolls.
  document.querySelectorAll('.panel, .card').forEach((box) => {
    const outer = box.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`scrolls sideways: ${name(box)}`);
    box.querySelectorAll('*').forEach((el) => {
      if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') return;  // checked below
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > outer.right + 1 || r.left < outer.left - 1)) {
        problems.push(`${el.tagName.toLowerCase()} overflows "${name(box)}" by ${Math.round(r.right - outer.right)}px`);
      }
    });
  });
  // Every chart has a title and axis titles; no text is cut off at the chart's edge.
  document.querySelectorAll('svg').forEach((svg, k) => {
    const title = svg.querySelector(':scope > title');
    const label = title ? title.textContent.trim() : '';
    if (!label) problems.push(`chart ${k} has no title`);
    // A diagram (the process map) has no axes; a chart has two titled ones.
    const axes = [...svg.querySelectorAll('.axis-title')].filter((t) => t.textContent.trim() !== '');
    if (!svg.classList.contains('diagram') && axes.length < 2) {
      problems.push(`chart "${label}" has ${axes.length} axis title(s), wants 2`);
    }
    const box = svg.viewBox.baseVal;
    const toChart = svg.getScreenCTM().inverse();
    svg.querySelectorAll('text').forEach((t) => {
      const b = t.getBBox();
      // The text's box in the chart's coordinates (its own and its groups' transforms included).
      const m = toChart.multiply(t.getScreenCTM());
      const corners = [[b.x, b.y], [b.x + b.width, b.y + b.height]].map(([x, y]) =>
        new DOMPoint(x, y).matrixTransform(m));
      const xs = corners.map((p) => p.x);
      const ys = corners.map((p) => p.y);
      if (Math.min(...xs) < box.x - 1 || Math.max(...xs) > box.x + box.width + 1 ||
          Math.min(...ys) < box.y - 1 || Math.max(...ys) > box.y + box.height + 1) {
        problems.push(`chart "${label}": text "${t.textContent.slice(0, 40)}" is cut off`);
      }
    });
  });
  const out = document.createElement('pre');
  out.id = 'dom-check';
  out.textContent = problems.length ? problems.join('\n') : 'OK';
  document.body.appendChild(out);
});
