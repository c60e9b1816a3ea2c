// "Insert article" (Features/Knowledge/_InsertArticle.cshtml): lists published knowledge articles and inserts the chosen
// one's Markdown into the reply's textarea, where the cursor is. Without JS the knowledge base stays at /Knowledge.
(function () {
    'use strict';
    if (window.crmKnowledgeInsert) { return; }
    window.crmKnowledgeInsert = true;

    function insertAt(textarea, text) {
        var start = textarea.selectionStart || 0;
        var end = textarea.selectionEnd || 0;
        var before = textarea.value.substring(0, start);
        var after = textarea.value.substring(end);
        var glue = before.length > 0 && !/\n\n$/.test(before) ? (/\n$/.test(before) ? '\n' : '\n\n') : '';
        textarea.value = before + glue + text + after;
        var caret = (before + glue + text).length;
        textarea.focus();
        textarea.setSelectionRange(caret, caret);
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function init(box) {
        var input = box.querySelector('[data-kb-query]');
        var results = box.querySelector('[data-kb-results]');
        // The textarea of the control's own form first: a page may hold two forms with a "Body" (reply, log activity).
        var id = box.getAttribute('data-kb-target');
        var form = box.closest('form');
        var target = (form && Array.prototype.find.call(form.querySelectorAll('textarea'), function (t) { return t.id === id; })) || document.getElementById(id);
        var timer = null;
        if (!input || !results || !target) { return; }

        function message(text) {
            results.textContent = '';
            var li = document.createElement('li');
            li.className = 'small text-secondary';
            li.textContent = text;
            results.appendChild(li);
        }

        function load() {
            fetch('/Knowledge/Choices?q=' + encodeURIComponent(input.value), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
                .then(function (choices) {
                    results.textContent = '';
                    if (choices.length === 0) { message(box.getAttribute('data-kb-none')); return; }
                    choices.forEach(function (c) {
                        var li = document.createElement('li');
                        var button = document.createElement('button');
                        button.type = 'button';
                        button.className = 'btn btn-link btn-sm p-0 text-start';
                        button.textContent = c.category ? c.title + ' · ' + c.category : c.title;
                        button.setAttribute('data-kb-article', c.id);
                        li.appendChild(button);
                        results.appendChild(li);
                    });
                })
                .catch(function () { message(box.getAttribute('data-kb-failed')); });
        }

        box.addEventListener('toggle', function () { if (box.open) { load(); input.focus(); } });
        input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(load, 200); });
        input.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); load(); } });
        results.addEventListener('click', function (e) {
            var button = e.target.closest('[data-kb-article]');
            if (!button) { return; }
            fetch('/Knowledge/' + encodeURIComponent(button.getAttribute('data-kb-article')) + '/Text', { credentials: 'same-origin' })
                .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
                .then(function (text) { box.open = false; insertAt(target, text); })
                .catch(function () { message(box.getAttribute('data-kb-failed')); });
        });
    }

    function start() { document.querySelectorAll('[data-kb-insert]').forEach(init); }
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
