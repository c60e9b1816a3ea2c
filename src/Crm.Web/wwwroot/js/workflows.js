// The workflow rule form (Features/Workflows/Edit.cshtml): shows only the parameters of the chosen trigger and of
// each action's type, and only the fields of the chosen kind of record. Without script every parameter shows and the
// server ignores those the type does not use.
(function () {
    'use strict';
    var form = document.querySelector('[data-workflow-form]');
    if (!form) {
        return;
    }

    function showFor(scope, value) {
        scope.querySelectorAll('[data-wf-for]').forEach(function (part) {
            if (part.closest('[data-wf-action]') !== (scope.matches('[data-wf-action]') ? scope : null)) {
                return;
            }
            part.hidden = part.getAttribute('data-wf-for').split(' ').indexOf(value) < 0;
        });
    }

    function showKind() {
        var kind = form.querySelector('[data-wf-kind]').value;
        form.querySelectorAll('[data-wf-kind-options]').forEach(function (group) {
            var mine = group.getAttribute('data-wf-kind-options') === kind;
            group.hidden = !mine;
            group.disabled = !mine;
        });
    }

    var trigger = form.querySelector('[data-wf-trigger]');
    trigger.addEventListener('change', function () { showFor(form, trigger.value); });
    showFor(form, trigger.value);

    form.querySelectorAll('[data-wf-action]').forEach(function (row) {
        var type = row.querySelector('[data-wf-action-type]');
        type.addEventListener('change', function () { showFor(row, type.value); });
        showFor(row, type.value);
    });

    form.querySelector('[data-wf-kind]').addEventListener('change', showKind);
    showKind();
}());
