// Import mapping: a column's "new custom field" label and type show only while "Create a custom field…" is chosen.
(function () {
    'use strict';
    document.querySelectorAll('[data-new-field-for]').forEach(function (box) {
        var select = document.getElementById(box.getAttribute('data-new-field-for'));
        if (!select) {
            return;
        }
        var toggle = function () { box.hidden = select.value !== 'new'; };
        select.addEventListener('change', toggle);
        toggle();
    });
})();
