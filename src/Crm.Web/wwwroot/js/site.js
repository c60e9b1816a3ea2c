// Crm: little JavaScript, progressive enhancement only. Pages work without it.
(function () {
    'use strict';

    // Global search box: suggestions as you type, keyboard navigable. Without JS the form goes to /Search.
    function initSearch(input) {
        var menu = input.parentElement.querySelector('[data-crm-search-results]');
        if (!menu) { return; }
        var timer = null;
        var lastQuery = '';
        var controller = null;
        var active = -1;

        menu.setAttribute('role', 'listbox');
        menu.id = menu.id || 'crm-search-results';
        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-controls', menu.id);
        input.setAttribute('aria-expanded', 'false');

        function items() { return Array.prototype.slice.call(menu.querySelectorAll('a.dropdown-item')); }

        function close() {
            menu.classList.remove('show');
            input.setAttribute('aria-expanded', 'false');
            input.removeAttribute('aria-activedescendant');
            active = -1;
        }

        function highlight(index) {
            var list = items();
            if (list.length === 0) { return; }
            active = (index + list.length) % list.length;
            list.forEach(function (a, i) {
                a.classList.toggle('active', i === active);
                a.setAttribute('aria-selected', i === active ? 'true' : 'false');
            });
            input.setAttribute('aria-activedescendant', list[active].id);
            list[active].scrollIntoView({ block: 'nearest' });
        }

        function header(text) {
            var h = document.createElement('h6');
            h.className = 'dropdown-header';
            h.textContent = text;
            return h;
        }

        function entry(hit, index) {
            var a = document.createElement('a');
            a.className = 'dropdown-item';
            a.href = hit.url;
            a.id = 'crm-search-hit-' + index;
            a.setAttribute('role', 'option');
            var name = document.createElement('div');
            name.className = 'fw-semibold text-truncate';
            name.textContent = hit.name;
            a.appendChild(name);
            if (hit.subtitle) {
                var sub = document.createElement('div');
                sub.className = 'small text-secondary text-truncate';
                sub.textContent = hit.subtitle;
                a.appendChild(sub);
            }
            return a;
        }

        function render(data) {
            menu.replaceChildren();
            active = -1;
            var n = 0;
            // One group per kind of record, in the kinds' order, its title already translated by the server.
            data.groups.forEach(function (group) {
                if (group.hits.length === 0) { return; }
                menu.appendChild(header(group.title));
                group.hits.forEach(function (hit) { menu.appendChild(entry(hit, n++)); });
            });
            if (n === 0) {
                var none = document.createElement('span');
                none.className = 'dropdown-item-text text-secondary small';
                none.textContent = input.dataset.labelNone || 'No match';
                menu.appendChild(none);
            } else {
                var divider = document.createElement('hr');
                divider.className = 'dropdown-divider';
                menu.appendChild(divider);
                menu.appendChild(entry({ url: data.all, name: input.dataset.labelAll || 'All results' }, n++));
            }
            menu.classList.add('show');
            input.setAttribute('aria-expanded', 'true');
        }

        function query() {
            var q = input.value.trim();
            if (q === lastQuery) { return; }
            lastQuery = q;
            if (controller) { controller.abort(); }
            if (q.length === 0) { close(); return; }
            controller = new AbortController();
            fetch('/Search/Suggest?q=' + encodeURIComponent(q), { headers: { 'Accept': 'application/json' }, signal: controller.signal, credentials: 'same-origin' })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (data) { if (data && input.value.trim() === q) { render(data); } })
                .catch(function () { /* aborted or offline: the form still submits to /Search */ });
        }

        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(query, 200);
        });
        input.addEventListener('keydown', function (e) {
            var open = menu.classList.contains('show');
            if (e.key === 'ArrowDown') {
                if (!open && items().length > 0) { menu.classList.add('show'); input.setAttribute('aria-expanded', 'true'); }
                highlight(active + 1);
                e.preventDefault();
            } else if (e.key === 'ArrowUp') {
                highlight(active - 1);
                e.preventDefault();
            } else if (e.key === 'Enter' && open && active >= 0) {
                e.preventDefault();
                window.location.href = items()[active].href;
            } else if (e.key === 'Escape') {
                if (open) { close(); e.preventDefault(); }
            }
        });
        input.addEventListener('focus', function () {
            if (items().length > 0 && input.value.trim() === lastQuery && lastQuery !== '') {
                menu.classList.add('show');
                input.setAttribute('aria-expanded', 'true');
            }
        });
        document.addEventListener('click', function (e) {
            if (!input.parentElement.contains(e.target)) { close(); }
        });
    }

    // Lists: "select all on this page", "select all N matching" and the bulk bar, whose actions wait for a selection
    // and which says how many records are selected.
    function initBulk(form) {
        var all = form.querySelector('[data-crm-select-all]');
        var matching = form.querySelector('[data-crm-all-matching]');
        var bar = form.querySelector('[data-testid="bulk-bar"]');
        var actions = form.querySelector('[data-crm-bulk-actions]');
        var count = form.querySelector('[data-crm-bulk-count]');
        var boxes = Array.prototype.slice.call(form.querySelectorAll('[data-crm-select]'));
        function sync() {
            var everything = matching && matching.checked;
            // "All matching" covers every page: the rows of this one show ticked and cannot be unticked one by one.
            boxes.forEach(function (b) { b.disabled = everything; if (everything) { b.checked = true; } });
            var ticked = boxes.filter(function (b) { return b.checked; }).length;
            if (all) {
                all.disabled = everything;
                all.checked = ticked > 0 && ticked === boxes.length;
                all.indeterminate = ticked > 0 && ticked < boxes.length;
            }
            if (actions) { actions.disabled = !everything && ticked === 0; }
            if (count && bar) {
                count.textContent = everything ? bar.dataset.labelAll
                    : ticked === 0 ? bar.dataset.labelNone
                    : ticked === 1 ? bar.dataset.labelOne
                    : bar.dataset.labelMany.replace('{0}', String(ticked));
            }
        }
        if (all) {
            all.addEventListener('change', function () {
                boxes.forEach(function (b) { b.checked = all.checked; });
                sync();
            });
        }
        if (matching) {
            matching.addEventListener('change', function () {
                if (!matching.checked) { boxes.forEach(function (b) { b.checked = false; }); }
                sync();
            });
        }
        boxes.forEach(function (b) { b.addEventListener('change', sync); });
        sync();
        // Enter in the tag box adds the tag rather than pressing the form's first button.
        var tag = form.querySelector('input[name="TagName"]');
        var tagButton = form.querySelector('button[name="Action"][value="tag"]');
        if (tag && tagButton) {
            tag.addEventListener('keydown', function (e) {
                if (e.key === 'Enter') { e.preventDefault(); tagButton.click(); }
            });
        }
    }

    document.querySelectorAll('[data-crm-search]').forEach(initSearch);
    document.querySelectorAll('[data-crm-bulk]').forEach(initBulk);
    document.querySelectorAll('[data-crm-back]').forEach(function (b) {
        if (window.history.length > 1) {
            b.classList.remove('d-none');
            b.addEventListener('click', function () { window.history.back(); });
        }
    });
})();
