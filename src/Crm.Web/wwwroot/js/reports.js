// Report charts: each canvas[data-report-chart] holds its chart as JSON (labels, series, how values read); the table
// beside it carries the same figures for those who cannot see the chart. Numbers are written in the page's language.
(function () {
    'use strict';
    if (typeof Chart === 'undefined') {
        return;
    }

    var palette = ['#0d6efd', '#20c997', '#fd7e14', '#6f42c1', '#dc3545', '#198754', '#0dcaf0', '#d63384', '#ffc107', '#6c757d'];
    var lang = document.documentElement.lang || undefined;
    var colon = (lang || '').indexOf('fr') === 0 ? '\u202f: ' : ': ';

    function formatter(spec) {
        var options;
        switch (spec.valueType) {
            case 'Money':
                options = { style: 'currency', currency: spec.currency, maximumFractionDigits: 0 };
                break;
            case 'Percent':
                options = { style: 'percent', maximumFractionDigits: 1 };
                break;
            case 'Count':
                options = { maximumFractionDigits: 0 };
                break;
            default:
                options = { maximumFractionDigits: 1 };
        }

        var format;
        try {
            format = new Intl.NumberFormat(lang, options);
        } catch (e) {
            format = new Intl.NumberFormat(lang);
        }

        return function (value) { return format.format(value); };
    }

    document.querySelectorAll('canvas[data-report-chart]').forEach(function (canvas) {
        var spec = JSON.parse(canvas.getAttribute('data-report-chart'));
        var round = spec.type === 'doughnut';
        var format = formatter(spec);
        var datasets = spec.series.map(function (series, i) {
            return {
                label: series.label,
                data: series.values,
                backgroundColor: round ? spec.labels.map(function (_, j) { return palette[j % palette.length]; }) : palette[i % palette.length],
                borderWidth: round ? 1 : 0
            };
        });
        var scales = round ? {} : {
            x: { stacked: spec.stacked, ticks: { autoSkip: true, maxRotation: 45 } },
            y: { stacked: spec.stacked, beginAtZero: true, ticks: { callback: function (value) { return format(value); } } }
        };
        new Chart(canvas, {
            type: spec.type,
            data: { labels: spec.labels, datasets: datasets },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : undefined,
                scales: scales,
                plugins: {
                    legend: { display: round || spec.series.length > 1, position: 'bottom' },
                    tooltip: {
                        callbacks: {
                            label: function (context) {
                                var name = round ? context.label : context.dataset.label;
                                return name + colon + format(context.parsed && typeof context.parsed === 'object' ? context.parsed.y : context.parsed);
                            }
                        }
                    }
                }
            }
        });
        canvas.setAttribute('data-rendered', 'true');
    });
})();
