// Ticking a task done (or reopening it) in place: the form posts as it would without script, asking for the row back
// (X-Crm-Fragment), and the row the server answers replaces the old one. If anything fails, the form posts normally.
(() => {
    document.addEventListener('submit', async (event) => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || !form.matches('[data-task-toggle]') || form.dataset.taskPlain) {
            return;
        }
        event.preventDefault();
        const row = form.closest('[data-task]');
        const button = form.querySelector('button');
        button.disabled = true;
        let response;
        try {
            response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { 'X-Crm-Fragment': 'task' } });
        } catch {
            response = null;
        }
        if (!response || !response.ok || !row) {
            button.disabled = false;
            form.dataset.taskPlain = '1';
            form.requestSubmit();
            return;
        }
        const template = document.createElement('template');
        template.innerHTML = await response.text();
        const replacement = template.content.querySelector('[data-task]');
        if (!replacement) {
            window.location.reload();
            return;
        }
        row.replaceWith(replacement);
        replacement.querySelector('[data-task-toggle] button')?.focus();
    });
})();
