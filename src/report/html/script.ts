/**
 * The report's only script: clicking (or Enter/Space on) a timeline marker shows its frames and finding in the panel under
 * the timeline; "Copy" buttons copy a Wireshark filter. Text is read from the marker's <title> and data-* attributes and written with textContent,
 * never parsed as HTML. The page is complete without it (markers also carry an SVG <title> tooltip).
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  function line(panel, label, text) {
    if (!text) return;
    var p = document.createElement('p');
    if (label) {
      var b = document.createElement('strong');
      b.textContent = label + ' ';
      p.appendChild(b);
    }
    p.appendChild(document.createTextNode(text));
    panel.appendChild(p);
  }
  function show(marker) {
    var figure = marker.closest('figure');
    if (!figure) return;
    var panel = figure.querySelector('.detail');
    if (!panel) return;
    var selected = figure.querySelectorAll('.marker.selected');
    for (var i = 0; i < selected.length; i++) selected[i].classList.remove('selected');
    marker.classList.add('selected');
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    var title = marker.querySelector('title');
    line(panel, '', title ? title.textContent.split('\\n')[0] : '');
    line(panel, 'Frames:', marker.getAttribute('data-frames'));
    line(panel, '', marker.getAttribute('data-text'));
    var finding = marker.getAttribute('data-finding');
    if (finding) {
      var p = document.createElement('p');
      var a = document.createElement('a');
      a.href = '#' + finding;
      a.textContent = 'Go to the finding';
      p.appendChild(a);
      panel.appendChild(p);
    }
    panel.hidden = false;
  }
  function copy(button) {
    var text = button.getAttribute('data-copy') || '';
    function done(ok) {
      var old = button.getAttribute('data-label') || button.textContent;
      button.setAttribute('data-label', old);
      button.textContent = ok ? 'Copied' : 'Select and copy';
      setTimeout(function () { button.textContent = old; }, 1500);
    }
    function fallback() {
      var code = button.parentNode && button.parentNode.querySelector('code');
      var ok = false;
      if (code) {
        var range = document.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      }
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }
  document.addEventListener('click', function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) return;
    var marker = target.closest('.marker');
    if (marker) { show(marker); return; }
    var button = target.closest('button.copy');
    if (button) copy(button);
  });
  document.addEventListener('keydown', function (ev) {
    var target = ev.target;
    if ((ev.key === 'Enter' || ev.key === ' ') && target instanceof Element && target.classList.contains('marker')) {
      ev.preventDefault();
      show(target);
    }
  });
  var buttons = document.querySelectorAll('button.copy');
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
