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

    // Activity form: duration for calls and meetings, outcome for calls; the submit button says what it logs.
    const setUpActivityForm = form => {
        const submit = form.querySelector('[data-log-submit]');
        const update = () => {
            const kind = form.querySelector('input[name=Kind]:checked')?.value;
            form.querySelectorAll('[data-kinds]').forEach(field => {
                field.classList.toggle('d-none', !field.dataset.kinds.split(' ').includes(kind));
            });
            const label = kind && submit?.dataset['label' + kind];
            if (label) submit.querySelector('span').textContent = label;
        };
        form.querySelectorAll('input[name=Kind]').forEach(r => r.addEventListener('change', update));
        update();
    };
    document.querySelectorAll('form[data-log-activity]').forEach(setUpActivityForm);

    // Log an activity without a reload: the server answers the new entry as the timeline shows it, or the form again
    // with its errors (422). Anything else (signed out, offline) falls back to an ordinary post.
    document.addEventListener('submit', async e => {
        const form = e.target.closest('form[data-log-activity][data-log-inplace]');
        if (!form) return;
        e.preventDefault();
        const submit = form.querySelector('[type=submit]');
        submit.disabled = true;
        let response;
        try {
            response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { 'X-Crm-Fragment': 'timeline' } });
        } catch {
            response = null;
        }
        submit.disabled = false;
        if (!response || (!response.ok && response.status !== 422)) { form.removeAttribute('data-log-inplace'); form.requestSubmit(); return; }
        const html = await response.text();
        const section = form.closest('section');
        const status = section.querySelector('[data-log-status]');
        if (response.status === 422) {
            const template = document.createElement('template');
            template.innerHTML = html;
            const again = template.content.querySelector('form[data-log-activity]');
            again.setAttribute('data-log-inplace', '');
            form.replaceWith(again);
            setUpActivityForm(again);
            (again.querySelector('[aria-invalid=true]') ?? again.querySelector('[data-testid=error-summary]'))?.focus();
            return;
        }
        const timeline = document.querySelector('[data-timeline]');
        const template = document.createElement('template');
        template.innerHTML = html;
        const entry = template.content.querySelector('[data-activity-id]');
        const filter = timeline?.dataset.timelineFilter;
        if (timeline && entry && (!filter || filter === entry.dataset.kind)) {
            document.querySelector('[data-timeline-empty]')?.remove();
            timeline.prepend(entry);
        }
        // What was typed goes; the type and text format stay as chosen (several calls in a row), and an empty time means now.
        form.querySelectorAll('input[name=Subject], input[name=OccurredAt], input[name=DurationMinutes], textarea[name=Body], select[name=Outcome]').forEach(f => { f.value = ''; });
        form.querySelector('[data-testid=error-summary]')?.remove();
        form.querySelectorAll('[aria-invalid=true]').forEach(f => { f.removeAttribute('aria-invalid'); f.classList.remove('is-invalid'); });
        form.querySelectorAll('[id$="-error"]').forEach(m => { m.textContent = ''; });
        if (status) status.textContent = `${status.dataset.logged} ${entry?.querySelector('strong')?.textContent ?? ''}`;
        form.querySelector('input[name=Subject]')?.focus();
    });
    document.querySelectorAll('form[data-log-activity][action*="/LogActivity/"]').forEach(f => f.setAttribute('data-log-inplace', ''));

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
