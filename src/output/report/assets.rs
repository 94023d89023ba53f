//! The report page's inline stylesheet and script, kept apart from the code that draws
//! the page.

/// The page's stylesheet.
pub(crate) const STYLE: &str = "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}\
header{background:#005eb8;color:#fff;padding:12px 24px}header h1{margin:0;font-size:22px}.sub{margin:2px 0 0;opacity:.9}\
main{padding:8px 24px 40px}h2{margin:28px 0 8px;font-size:18px;border-bottom:2px solid #005eb8}h3{margin:16px 0 4px}h4{margin:8px 0 4px;font-weight:normal;color:#555}\
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:160px}\
.card .t{font-size:12px;color:#555}.card .f{font-size:26px;font-weight:600}.card .n{font-size:12px;color:#555}\
.tables{display:flex;flex-wrap:wrap;gap:16px;margin-top:12px;align-items:flex-start}\
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}\
caption{text-align:left;font-weight:600;padding:4px 0}table.small{font-size:12px}th[data-sort]{cursor:pointer;background:#eef3f8}\
.dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}.dot.free{background:#e6e6e6;border:1px solid #999}\
.legend span{margin-right:12px;font-size:12px}.help{color:#555;font-size:12px;margin:2px 0 6px}\
svg{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}svg text{font-size:11px;fill:#333}\
.grid{stroke:#e3e3e3;stroke-width:1}.list{fill:#e6e6e6;stroke:#999;stroke-width:.6}.case{stroke:#fff;stroke-width:.5}\
.weeknav{margin:4px 0}.weeknav button,.weeknav select{font:inherit;margin-right:6px}\
.js .week{display:none}.js .week.shown{display:block}.resources{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;font-weight:600}\
details{margin:4px 0 12px}summary{cursor:pointer;color:#005eb8}";

/// The page's script: week navigation and sortable tables, no network.
pub(super) const SCRIPT: &str = r#"
(function () {
  document.documentElement.classList.add('js');
  document.querySelectorAll('.site').forEach(function (site) {
    var weeks = site.querySelectorAll('.week');
    var select = site.querySelector('select');
    var show = function (k) {
      k = Math.max(0, Math.min(weeks.length - 1, k));
      weeks.forEach(function (w, i) { w.classList.toggle('shown', i === k); });
      if (select) { select.value = String(k); }
    };
    site.querySelector('.prev').addEventListener('click', function () { show(Number(select.value) - 1); });
    site.querySelector('.next').addEventListener('click', function () { show(Number(select.value) + 1); });
    select.addEventListener('change', function () { show(Number(select.value)); });
    show(0);
  });
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, column) {
      var ascending = true;
      th.addEventListener('click', function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[column];
          return th.dataset.sort === 'priority' ? Number(cell.dataset.key) : cell.textContent;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.body.dataset.ready = 'yes';
  document.body.dataset.loadedMs = String(Math.round(performance.now()));
})();
"#;
