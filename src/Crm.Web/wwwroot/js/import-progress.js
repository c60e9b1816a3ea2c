// Import status page: polls the job's progress every second and updates the bar and counts.
// Without JavaScript the page refreshes itself (meta refresh in <noscript>).
// The bar's width is set here, not in a style attribute, which the Content-Security-Policy refuses.
(function () {
    const root = document.querySelector('[data-import-progress]');
    if (!root) {
        return;
    }

    const field = name => root.querySelector(`[data-field="${name}"]`);
    const initial = field('bar');
    initial.style.width = `${initial.dataset.percent}%`;
    if (root.dataset.finished === 'true') {
        return;
    }

    const show = (el, visible) => el && el.classList.toggle('d-none', !visible);

    async function poll() {
        let data;
        try {
            const response = await fetch(root.dataset.importProgress, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            data = await response.json();
        } catch {
            setTimeout(poll, 3000);
            return;
        }

        for (const name of ['statusText', 'processed', 'total', 'created', 'updated', 'skipped', 'errors', 'possible']) {
            const el = field(name);
            if (el) {
                el.textContent = String(data[name]);
            }
        }

        const bar = field('bar');
        bar.style.width = `${data.percent}%`;
        bar.textContent = `${data.percent}%`;
        bar.parentElement.setAttribute('aria-valuenow', String(data.percent));
        const message = field('message');
        message.textContent = data.message || '';
        show(message, !!data.message);
        show(field('errorFile'), !!data.errorFileUrl);
        show(field('possibleDuplicates'), data.possible > 0);

        if (data.finished) {
            bar.classList.remove('progress-bar-striped', 'progress-bar-animated');
            bar.classList.add(data.status === 'Failed' ? 'bg-danger' : 'bg-success');
            show(field('done'), true);
            return;
        }

        setTimeout(poll, 1000);
    }

    setTimeout(poll, 1000);
})();
