// The report builder and report pages: posts the form back when the kind changes (the fields are the kind's), keeps
// each filter's conditions to those of its field, and draws a report's chart from the JSON beside its canvas.
(function () {
    'use strict';

    var form = document.querySelector('[data-report-builder]');
    if (form) {
        var kind = form.querySelector('[data-report-kind]');
        var kindButton = form.querySelector('[data-report-kind-button]');
        if (kind && kindButton) {
            kindButton.classList.add('visually-hidden');
            kind.addEventListener('change', function () { kindButton.click(); });
        }

        form.querySelectorAll('[data-report-filter]').forEach(function (row) {
            var field = row.querySelector('[data-report-filter-field]');
            var operator = row.querySelector('[data-report-filter-operator]');
            if (!field || !operator) { return; }
            var narrow = function () {
                var chosen = field.options[field.selectedIndex];
                var allowed = chosen && chosen.dataset.operators ? chosen.dataset.operators.split(' ') : null;
                var firstAllowed = null;
                Array.prototype.forEach.call(operator.options, function (option) {
                    var ok = !allowed || allowed.indexOf(option.value) >= 0;
                    option.hidden = !ok;
                    option.disabled = !ok;
                    if (ok && firstAllowed === null) { firstAllowed = option; }
                });
                if (operator.selectedOptions.length && operator.selectedOptions[0].disabled && firstAllowed) {
                    firstAllowed.selected = true;
                }
            };
            field.addEventListener('change', narrow);
            narrow();
        });
    }

    if (typeof Chart === 'undefined') { return; }
    var palette = ['#0d6efd', '#198754', '#fd7e14', '#6f42c1', '#dc3545', '#20c997', '#ffc107', '#0dcaf0', '#6c757d', '#d63384'];
    document.querySelectorAll('[data-report-chart]').forEach(function (canvas) {
        var source = canvas.getAttribute('data-report-chart-data');
        if (!source) { return; }
        var spec = JSON.parse(source);
        var pie = spec.type === 'pie';
        var datasets = spec.datasets.map(function (set, i) {
            var colour = palette[i % palette.length];
            return {
                label: set.label,
                data: set.data,
                backgroundColor: pie ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : colour,
                borderColor: pie ? '#fff' : colour,
                yAxisID: pie ? undefined : set.axis,
                fill: false
            };
        });
        var scales = pie ? {} : { x: { stacked: spec.stacked }, y: { stacked: spec.stacked, beginAtZero: true } };
        if (!pie && spec.datasets.some(function (set) { return set.axis === 'y1'; })) {
            scales.y1 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } };
        }
        canvas.dataset.rendered = 'true';
        new Chart(canvas, {
            type: spec.type,
            data: { labels: spec.labels, datasets: datasets },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                scales: scales,
                plugins: { legend: { display: pie || datasets.length > 1 } }
            }
        });
    });
})();
