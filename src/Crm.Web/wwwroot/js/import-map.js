// Import mapping: a column's "new custom field" label and type show only while "Create a custom field…" is chosen (the new
// list's name while "A new list…" is); a new field's currency only for money, the note on choices only for choices.
(function () {
    'use strict';
    document.querySelectorAll('[data-new-field-for]').forEach(function (box) {
        var select = document.getElementById(box.getAttribute('data-new-field-for'));
        if (!select) {
            return;
        }
        var shownFor = box.getAttribute('data-new-value') || 'new';
        var toggle = function () { box.hidden = select.value !== shownFor; };
        select.addEventListener('change', toggle);
        toggle();
    });
    document.querySelectorAll('[data-shown-for-type]').forEach(function (box) {
        var select = document.getElementById(box.getAttribute('data-shown-for-type'));
        if (!select) {
            return;
        }
        var types = (box.getAttribute('data-types') || '').split(' ');
        var toggle = function () { box.hidden = types.indexOf(select.value) < 0; };
        select.addEventListener('change', toggle);
        toggle();
    });
})();
