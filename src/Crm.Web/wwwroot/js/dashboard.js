// The dashboard's charts (Features/Dashboard): each canvas carries its data as JSON in data-chart (the CSP runs no
// inline script). Clicking a bar or a slice opens the list behind it; the same figures
// are in a table under each chart for those who do not see it.
(function () {
    'use strict';
    if (typeof Chart === 'undefined') {
        return;
    }

    var palette = ['#0d6efd', '#20c997', '#fd7e14', '#6f42c1', '#dc3545', '#198754', '#0dcaf0', '#ffc107', '#6c757d'];
    var lang = document.documentElement.lang || undefined;

    function format(data, value) {
        if (data.money && data.currency) {
            return new Intl.NumberFormat(lang, { style: 'currency', currency: data.currency, maximumFractionDigits: 0 }).format(value);
        }
        return new Intl.NumberFormat(lang).format(value);
    }

    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
        var data = JSON.parse(canvas.getAttribute('data-chart'));
        var doughnut = data.type === 'doughnut';
        var chart = new Chart(canvas, {
            type: data.type,
            data: {
                labels: data.labels,
                datasets: [{
                    label: data.label,
                    data: data.values,
                    backgroundColor: doughnut ? data.labels.map(function (_, i) { return palette[i % palette.length]; }) : palette[0],
                }],
            },
            options: {
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                indexAxis: doughnut ? undefined : 'y',
                plugins: {
                    legend: { display: doughnut, position: 'bottom' },
                    tooltip: { callbacks: { label: function (item) { return ' ' + format(data, item.raw); } } },
                },
                scales: doughnut ? {} : { x: { beginAtZero: true, ticks: { callback: function (v) { return format(data, v); } } } },
                onClick: function (_, elements) {
                    if (elements.length > 0 && data.urls && data.urls[elements[0].index]) {
                        window.location.href = data.urls[elements[0].index];
                    }
                },
                onHover: function (event, elements) {
                    var target = event.native && event.native.target;
                    if (target) {
                        target.style.cursor = elements.length > 0 && data.urls && data.urls[elements[0].index] ? 'pointer' : 'default';
                    }
                },
            },
        });
        canvas.setAttribute('data-rendered', 'true');
        canvas.crmChart = chart;
    });
}());
