// Record pages (details, create, edit): progressive enhancement only; every form and link works without it.
(() => {
    // Delete and other destructive forms ask first.
    document.querySelectorAll('form[data-confirm]').forEach(form => {
        form.addEventListener('submit', e => {
            if (!window.confirm(form.dataset.confirm)) e.preventDefault();
        });
    });

    // "Add an email" / "Add a phone": clone the last row, empty.
    document.querySelectorAll('[data-repeat-add]').forEach(button => {
        const list = document.querySelector(`[data-repeat="${button.dataset.repeatAdd}"]`);
        if (!list) return;
        button.classList.remove('d-none');
        button.addEventListener('click', () => {
            const rows = list.querySelectorAll('[data-repeat-row]');
            const row = rows[rows.length - 1].cloneNode(true);
            row.querySelectorAll('input[type=email], input[type=tel]').forEach(i => {
                i.value = '';
                i.classList.remove('is-invalid');
                ['aria-invalid', 'aria-describedby', 'autofocus'].forEach(a => i.removeAttribute(a));
            });
            row.querySelectorAll('[data-e164]').forEach(n => n.remove());
            row.querySelectorAll('input[type=radio]').forEach(r => { r.checked = false; r.value = String(rows.length); });
            list.appendChild(row);
            row.querySelector('input[type=email], input[type=tel]')?.focus();
        });
    });

    // Log activity: duration for calls and meetings, outcome for calls.
    document.querySelectorAll('form[data-log-activity]').forEach(form => {
        const update = () => {
            const kind = form.querySelector('input[name=Kind]:checked')?.value;
            form.querySelectorAll('[data-kinds]').forEach(field => {
                field.classList.toggle('d-none', !field.dataset.kinds.split(' ').includes(kind));
            });
        };
        form.querySelectorAll('input[name=Kind]').forEach(r => r.addEventListener('change', update));
        update();
    });

    // Timeline "Load more": append the next page in place instead of opening it.
    document.addEventListener('click', async e => {
        const link = e.target.closest('[data-timeline-more] a[data-fragment]');
        if (!link) return;
        e.preventDefault();
        link.classList.add('disabled');
        const response = await fetch(link.dataset.fragment);
        if (!response.ok) { window.location.href = link.href; return; }
        const html = await response.text();
        const item = link.closest('[data-timeline-more]');
        item.insertAdjacentHTML('beforebegin', html);
        item.remove();
    });
})();
