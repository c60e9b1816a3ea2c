// The deals board: drag a card with the mouse, or pick it up with Space/Enter, move it with the arrows and drop it
// with Enter (Escape cancels); its "Move to…" form is posted in the background. Without script the form posts and
// the page comes back. A refused move puts the card back and says why.
(() => {
    const board = document.querySelector('[data-board]');
    if (!board) return;
    const alertBox = document.querySelector('[data-board-alert]');
    const live = document.querySelector('[data-board-live]');
    const token = document.querySelector('input[name=__RequestVerificationToken]')?.value ?? '';
    const columns = () => [...board.querySelectorAll('[data-column]')];
    const format = (text, ...args) => args.reduce((t, a, i) => t.replace(`{${i}}`, a), text);
    const nameOf = card => card.querySelector('a')?.textContent.trim() ?? '';
    const columnOf = card => card.closest('[data-column]');
    const say = text => { live.textContent = ''; setTimeout(() => { live.textContent = text; }, 50); };
    const showAlert = text => {
        alertBox.textContent = text;
        alertBox.classList.remove('d-none');
    };

    // Puts the card at the top of the column's cards, before the cards already there: it entered the stage last.
    const place = (card, column) => {
        const cards = column.querySelector('[data-cards]');
        const more = cards.querySelector('[data-load-more]');
        cards.insertBefore(card, more);
    };

    const restore = (card, origin) => {
        if (origin.next && origin.next.parentNode === origin.parent) origin.parent.insertBefore(card, origin.next);
        else origin.parent.insertBefore(card, origin.parent.querySelector('[data-load-more]'));
    };

    const refreshMenu = (card, stageId) => {
        const select = card.querySelector('select[name=stageId]');
        if (!select) return;
        select.replaceChildren(...columns().filter(c => c.dataset.stageId !== String(stageId))
            .map(c => new Option(c.dataset.stageName, c.dataset.stageId)));
        card.querySelector('details')?.removeAttribute('open');
    };

    async function move(card, target, origin) {
        if (target.dataset.stageId === card.dataset.stageId) {
            restore(card, origin);
            return;
        }
        alertBox.classList.add('d-none');
        place(card, target);
        card.classList.add('crm-moving');
        const body = new URLSearchParams({
            id: card.dataset.dealId, version: card.dataset.version, stageId: target.dataset.stageId,
            pipeline: board.dataset.pipeline, owner: board.dataset.owner ?? '', __RequestVerificationToken: token,
        });
        let response;
        try {
            response = await fetch('/Deals/Move', { method: 'POST', body, headers: { 'Accept': 'application/json' } });
        } catch {
            response = null;
        }
        card.classList.remove('crm-moving');
        const data = response ? await response.json().catch(() => null) : null;
        if (!response || !response.ok || !data) {
            restore(card, origin);
            const message = data?.message || board.dataset.msgFailed;
            showAlert(message);
            say(message);
            card.focus();
            return;
        }
        card.dataset.version = data.version;
        card.dataset.stageId = data.stageId;
        card.querySelectorAll('input[name=version]').forEach(i => { i.value = data.version; });
        refreshMenu(card, data.stageId);
        for (const c of data.columns ?? []) {
            const column = board.querySelector(`[data-column][data-stage-id="${c.stageId}"]`);
            if (!column) continue;
            column.querySelector('[data-count]').textContent = c.count;
            column.querySelector('[data-total]').textContent = c.total;
        }
        say(format(board.dataset.msgMoved, nameOf(card), target.dataset.stageName));
        card.focus();
    }

    const originOf = card => ({ parent: card.parentNode, next: card.nextElementSibling });

    // Mouse: HTML5 drag and drop.
    let dragged = null;
    let dragOrigin = null;
    board.addEventListener('dragstart', e => {
        const card = e.target.closest?.('[data-deal-id]');
        if (!card || card.dataset.canMove !== 'true') return;
        dragged = card;
        dragOrigin = originOf(card);
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', card.dataset.dealId);
    });
    board.addEventListener('dragover', e => {
        const column = e.target.closest?.('[data-column]');
        if (!dragged || !column) return;
        e.preventDefault();
        columns().forEach(c => c.classList.toggle('crm-drop-target', c === column));
    });
    board.addEventListener('dragleave', e => {
        if (!board.contains(e.relatedTarget)) columns().forEach(c => c.classList.remove('crm-drop-target'));
    });
    board.addEventListener('drop', e => {
        const column = e.target.closest?.('[data-column]');
        if (!dragged || !column) return;
        e.preventDefault();
        columns().forEach(c => c.classList.remove('crm-drop-target'));
        const card = dragged;
        dragged = null;
        move(card, column, dragOrigin);
    });
    board.addEventListener('dragend', () => {
        dragged = null;
        columns().forEach(c => c.classList.remove('crm-drop-target'));
    });

    // Keyboard: Space or Enter picks up, arrows choose the column, Enter (or Space) drops, Escape cancels.
    let picked = null;
    let pickedOrigin = null;
    board.addEventListener('keydown', e => {
        const card = e.target.closest?.('[data-deal-id]');
        if (!card || e.target !== card) return;
        if (picked !== card) {
            if ((e.key === ' ' || e.key === 'Enter') && card.dataset.canMove === 'true') {
                e.preventDefault();
                picked = card;
                pickedOrigin = originOf(card);
                card.classList.add('crm-picked');
                card.setAttribute('aria-grabbed', 'true');
                say(format(board.dataset.msgPicked, nameOf(card), columnOf(card).dataset.stageName));
            }
            return;
        }
        const all = columns();
        const index = all.indexOf(columnOf(card));
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
            e.preventDefault();
            const next = all[index + (e.key === 'ArrowRight' ? 1 : -1)];
            if (!next) return;
            place(card, next);
            next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
            card.focus();
            say(format(board.dataset.msgOver, nameOf(card), next.dataset.stageName));
        } else if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            drop(card);
            move(card, columnOf(card), pickedOrigin);
        } else if (e.key === 'Escape') {
            e.preventDefault();
            drop(card);
            restore(card, pickedOrigin);
            card.focus();
            say(format(board.dataset.msgCancelled, nameOf(card)));
        }
    });
    const drop = card => {
        picked = null;
        card.classList.remove('crm-picked');
        card.removeAttribute('aria-grabbed');
    };
    board.addEventListener('focusout', e => {
        // Leaving a picked card with Tab cancels its move.
        const card = e.target.closest?.('[data-deal-id]');
        if (card && card === picked && !card.contains(e.relatedTarget) && e.relatedTarget !== null) {
            drop(card);
            restore(card, pickedOrigin);
        }
    });

    // The "Move to…" menu, posted in the background.
    board.addEventListener('submit', e => {
        const form = e.target.closest('[data-move-form]');
        if (!form) return;
        e.preventDefault();
        const card = form.closest('[data-deal-id]');
        const target = board.querySelector(`[data-column][data-stage-id="${form.elements.stageId.value}"]`);
        if (!target) return;
        move(card, target, originOf(card));
    });

    // "Load more": the column's next cards, appended in place of the link.
    board.addEventListener('click', async e => {
        const link = e.target.closest('[data-load-more]');
        if (!link) return;
        e.preventDefault();
        const response = await fetch(link.dataset.url, { headers: { 'Accept': 'text/html' } });
        if (!response.ok) return;
        const template = document.createElement('template');
        template.innerHTML = await response.text();
        const cards = link.parentNode;
        const seen = new Set([...cards.querySelectorAll('[data-deal-id]')].map(c => c.dataset.dealId));
        // A card moved here meanwhile may come again in the next page: keep the one already shown.
        template.content.querySelectorAll('[data-deal-id]').forEach(c => { if (seen.has(c.dataset.dealId)) c.remove(); });
        const first = template.content.querySelector('[data-deal-id]');
        link.replaceWith(template.content);
        first?.focus();
    });
})();
