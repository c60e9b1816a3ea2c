// Record pickers (_RecordPicker): the select that works without script becomes one search-and-pick combobox
// (WAI-ARIA combobox with a listbox). A hidden input carries the picked id; typing searches but never changes it:
// only picking another record, "No …" or the clear button does. Leaving the box shows the picked record again.
(() => {
    function init(root) {
        const select = root.querySelector('[data-picker-select]');
        if (!select) return;
        const id = select.id;
        const data = root.dataset;
        let picked = { value: select.value, text: select.value ? select.options[select.selectedIndex].text : '' };

        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = select.name;
        hidden.value = picked.value;

        const group = document.createElement('div');
        group.className = 'input-group';
        const input = document.createElement('input');
        input.type = 'text';
        input.id = id;
        input.className = 'form-control';
        input.autocomplete = 'off';
        input.placeholder = data.hint || '';
        input.value = picked.text;
        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-expanded', 'false');
        input.setAttribute('aria-controls', `${id}-listbox`);
        input.dataset.pickerInput = '';
        for (const name of ['aria-invalid', 'aria-describedby', 'autofocus']) {
            if (select.hasAttribute(name)) input.setAttribute(name, select.getAttribute(name));
        }
        if (select.classList.contains('is-invalid')) input.classList.add('is-invalid');
        const clear = document.createElement('button');
        clear.type = 'button';
        clear.className = 'btn btn-outline-secondary';
        clear.setAttribute('aria-label', data.labelClear || '');
        clear.title = data.labelClear || '';
        clear.innerHTML = '<i class="bi bi-x-lg" aria-hidden="true"></i>';
        group.append(input, clear);

        const list = document.createElement('ul');
        list.id = `${id}-listbox`;
        list.className = 'dropdown-menu w-100 overflow-auto crm-picker-list';
        list.setAttribute('role', 'listbox');
        list.setAttribute('aria-label', root.querySelector('label')?.textContent.trim() || '');

        select.replaceWith(hidden, group, list);
        if (input.hasAttribute('autofocus')) input.focus();

        let options = [];
        let active = -1;
        let timer;
        let controller;

        const open = () => { list.classList.add('show'); input.setAttribute('aria-expanded', 'true'); };
        const close = () => {
            list.classList.remove('show');
            input.setAttribute('aria-expanded', 'false');
            input.removeAttribute('aria-activedescendant');
            active = -1;
        };
        const restore = () => { close(); input.value = picked.text; };

        function pick(option) {
            if (option.create) {
                const url = new URL(data.createUrl, window.location.origin);
                url.searchParams.set('name', option.create);
                window.open(url.toString(), '_blank', 'noopener');
                restore();
                return;
            }
            picked = { value: option.value, text: option.value ? option.text : '' };
            hidden.value = picked.value;
            hidden.dispatchEvent(new Event('change', { bubbles: true }));
            restore();
        }

        function highlight(index) {
            if (options.length === 0) return;
            active = (index + options.length) % options.length;
            list.querySelectorAll('[role=option]').forEach((li, i) => {
                li.classList.toggle('active', i === active);
                li.setAttribute('aria-selected', i === active ? 'true' : 'false');
                if (i === active) { input.setAttribute('aria-activedescendant', li.id); li.scrollIntoView({ block: 'nearest' }); }
            });
        }

        function render(items, query) {
            options = items.map(i => ({ value: i.value, text: i.text }));
            if (query && data.createUrl) options.push({ create: query, text: (data.labelCreate || '+ {0}').replace('{0}', query) });
            if (picked.value) options.push({ value: '', text: data.labelNone || '' });
            list.replaceChildren();
            active = -1;
            input.removeAttribute('aria-activedescendant');
            if (items.length === 0) {
                const none = document.createElement('li');
                none.className = 'dropdown-item-text text-body-secondary small';
                none.textContent = data.labelNoMatch || '';
                list.appendChild(none);
            }
            options.forEach((option, i) => {
                const li = document.createElement('li');
                li.id = `${id}-option-${i}`;
                li.className = 'dropdown-item text-wrap';
                if (option.create || option.value === '') li.classList.add('fst-italic');
                li.setAttribute('role', 'option');
                li.setAttribute('aria-selected', 'false');
                li.textContent = option.text;
                li.addEventListener('mousedown', e => e.preventDefault());
                li.addEventListener('click', () => pick(option));
                list.appendChild(li);
            });
            open();
        }

        async function search() {
            const query = input.value.trim();
            if (controller) controller.abort();
            controller = new AbortController();
            const url = new URL(data.lookupUrl, window.location.origin);
            url.searchParams.set('q', query);
            if (data.exclude) url.searchParams.set('exclude', data.exclude);
            try {
                const response = await fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', signal: controller.signal });
                if (!response.ok || document.activeElement !== input) return;
                render(await response.json(), query);
            } catch { /* aborted or offline: the choice stays as it was */ }
        }

        input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 200); });
        input.addEventListener('keydown', e => {
            const shown = list.classList.contains('show');
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                if (!shown) { search(); return; }
                highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
            } else if (e.key === 'Enter') {
                if (shown) {
                    // Enter picks; it never sends the form from an open list.
                    e.preventDefault();
                    if (active >= 0) pick(options[active]); else restore();
                }
            } else if (e.key === 'Escape') {
                if (shown || input.value !== picked.text) { e.preventDefault(); restore(); }
            }
        });
        input.addEventListener('blur', () => { clearTimeout(timer); restore(); });
        clear.addEventListener('click', () => {
            pick({ value: '', text: '' });
            input.focus();
        });
    }

    document.querySelectorAll('[data-crm-picker]').forEach(init);
})();
