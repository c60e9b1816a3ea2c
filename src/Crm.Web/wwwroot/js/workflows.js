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

    // Rows added and removed in place; without script the same buttons post the form and the server draws it again.
    var maxRows = 20;

    function renumber(list, prefix) {
        var pattern = new RegExp('^' + prefix + '(\\[|_)\\d+(\\]|__)');
        list.querySelectorAll(':scope > [data-wf-row]').forEach(function (row, i) {
            row.querySelectorAll('[name],[id],[for],[crm-message-for],[aria-describedby]').forEach(function (el) {
                ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
                    var value = el.getAttribute(attr);
                    if (value) {
                        el.setAttribute(attr, value.split(' ').map(function (part) {
                            return part.replace(pattern, function (m, open, close) { return prefix + open + i + close; });
                        }).join(' '));
                    }
                });
            });
            row.querySelectorAll('[data-wf-remove]').forEach(function (button) {
                button.value = button.value.replace(/\d+$/, String(i));
                var label = button.getAttribute('aria-label');
                if (label) {
                    button.setAttribute('aria-label', label.replace(/\d+(?!.*\d)/, String(i + 1)));
                }
            });
            row.querySelectorAll('label.form-label').forEach(function (label) {
                if (/\d+$/.test(label.textContent.trim()) && label.closest('[data-wf-action]') && label.getAttribute('for') && label.getAttribute('for').indexOf('__Type') > 0) {
                    label.textContent = label.textContent.replace(/\d+(?!.*\d)/, String(i + 1));
                }
            });
        });
    }

    form.addEventListener('click', function (event) {
        var add = event.target.closest('[data-wf-add]');
        var remove = event.target.closest('[data-wf-remove]');
        if (add) {
            var prefix = add.getAttribute('data-wf-add');
            var list = form.querySelector('[data-wf-rows="' + prefix + '"]');
            var rows = list.querySelectorAll(':scope > [data-wf-row]');
            if (rows.length === 0 || rows.length >= maxRows) {
                return;
            }
            event.preventDefault();
            var copy = rows[rows.length - 1].cloneNode(true);
            copy.querySelectorAll('input').forEach(function (input) { input.value = ''; });
            copy.querySelectorAll('select').forEach(function (select) { select.selectedIndex = 0; });
            copy.querySelectorAll('.is-invalid').forEach(function (el) {
                el.classList.remove('is-invalid');
                el.removeAttribute('aria-invalid');
            });
            copy.querySelectorAll('.invalid-feedback').forEach(function (el) { el.textContent = ''; });
            list.appendChild(copy);
            renumber(list, prefix);
            var type = copy.querySelector('[data-wf-action-type]');
            if (type) {
                type.addEventListener('change', function () { showFor(copy, type.value); });
                showFor(copy, type.value);
            }
            showKind();
            var first = copy.querySelector('select, input');
            if (first) {
                first.focus();
            }
        } else if (remove) {
            var row = remove.closest('[data-wf-row]');
            var owner = row.parentElement;
            if (owner.querySelectorAll(':scope > [data-wf-row]').length <= 1) {
                return;
            }
            event.preventDefault();
            var name = owner.getAttribute('data-wf-rows');
            row.remove();
            renumber(owner, name);
            owner.parentElement.querySelector('[data-wf-add]').focus();
        }
    });
}());
