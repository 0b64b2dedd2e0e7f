// knn photo lightbox: opens [data-gallery] links in a modal <dialog>; without it the links open the image files.
(() => {
  const d = document;
  if (!window.HTMLDialogElement || !HTMLDialogElement.prototype.showModal) return;
  let dlg, img, cap, count, prev, next, shut, opener, list = [], at = 0, sx = null, sy = 0;
  const on = (el, type, fn, opts) => el.addEventListener(type, fn, opts);
  const attr = (el, name) => el.getAttribute(name);
  const btn = (c, label, text) => `<button type="button" class="lb-btn lb-${c}" aria-label="${label}">${text}</button>`;

  function build() {
    dlg = d.createElement('dialog');
    dlg.className = 'lightbox';
    dlg.setAttribute('aria-label', 'ภาพขยาย');
    dlg.innerHTML = `<div class="lb-bar"><p class="lb-count" aria-live="polite"></p>${btn('close', 'ปิด', '×')}</div>` +
      `<div class="lb-stage"><img class="lb-img" sizes="100vw" alt="" draggable="false">` +
      `${btn('prev', 'ก่อนหน้า', '‹')}${btn('next', 'ถัดไป', '›')}</div><div class="lb-caption"></div>`;
    [img, cap, count, prev, next, shut] = ['img', 'caption', 'count', 'prev', 'next', 'close']
      .map((c) => dlg.querySelector('.lb-' + c));
    shut.autofocus = true;
    d.body.append(dlg);
    for (const t of ['load', 'error']) on(img, t, () => img.classList.remove('is-loading'));
    on(dlg, 'close', () => {
      d.documentElement.classList.remove('lightbox-open');
      if (opener) opener.focus();
    });
    // Buttons, then the backdrop: a click on anything but the caption and the picture closes.
    on(dlg, 'click', (e) => {
      const t = e.target, b = t.closest('button');
      if (b) b === shut ? dlg.close() : go(b === next ? 1 : -1);
      else if (!t.closest('.lb-caption') && !(t === img && onPicture(e))) dlg.close();
    });
    // Swipe: one finger, over 40 px and mostly sideways (so scrolling is no swipe).
    on(dlg, 'touchstart', (e) => {
      const p = e.touches.length === 1 && e.touches[0];
      sx = p ? p.clientX : null;
      sy = p ? p.clientY : 0;
    }, { passive: true });
    on(dlg, 'touchend', (e) => {
      const p = e.changedTouches[0];
      if (sx === null || !p) return;
      const dx = p.clientX - sx, dy = p.clientY - sy;
      sx = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) go(dx < 0 ? 1 : -1);
    }, { passive: true });
  }

  // Is the click on the picture, not on the <img> box's object-fit letterbox?
  function onPicture(e) {
    const w = img.naturalWidth || +attr(img, 'width'), h = img.naturalHeight || +attr(img, 'height');
    if (!w || !h) return true;
    const r = img.getBoundingClientRect(), s = Math.min(r.width / w, r.height / h);
    return Math.abs(e.clientX - r.left - r.width / 2) <= w * s / 2 &&
      Math.abs(e.clientY - r.top - r.height / 2) <= h * s / 2;
  }

  // The link's data-* give srcset and size; without them, its href alone.
  function source(el, a) {
    const set = (k, v) => (v ? el.setAttribute(k, v) : el.removeAttribute(k));
    const w = attr(a, 'data-width'), h = attr(a, 'data-height');
    set('srcset', attr(a, 'data-srcset'));
    set('width', h && w);
    set('height', w && h);
    el.src = a.href;
  }

  function preload(a) {
    if (a) source(Object.assign(new Image(), { sizes: '100vw' }), a);
  }

  function show(i) {
    at = Math.max(0, i);
    const a = list[at], thumb = a.querySelector('img'), fc = (a.closest('figure') || a).querySelector('figcaption');
    if (attr(img, 'src') !== a.href) img.classList.add('is-loading');
    source(img, a);
    img.alt = thumb ? thumb.alt : '';
    cap.replaceChildren(...(fc ? Array.from(fc.childNodes, (n) => n.cloneNode(true)) : []));
    cap.hidden = !fc;
    count.textContent = `${at + 1} / ${list.length}`;
    prev.disabled = !at;
    next.disabled = at === list.length - 1;
    prev.hidden = next.hidden = list.length < 2;
    const f = d.activeElement;
    if (dlg.open && (!dlg.contains(f) || f.disabled)) shut.focus();
    preload(list[at + 1]);
    preload(list[at - 1]);
  }

  function go(step) {
    if (dlg.open && list[at + step]) show(at + step);
  }

  on(d, 'click', (e) => {
    const a = !e.defaultPrevented && !e.button && !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) &&
      e.target.closest && e.target.closest('a.gallery-link');
    if (!a || !a.href) return;
    const group = a.closest('[data-gallery]');
    list = group ? Array.from(group.querySelectorAll('a.gallery-link')) : [a];
    if (!dlg) build();
    e.preventDefault();
    opener = a;
    show(list.indexOf(a));
    if (!dlg.open) dlg.showModal();
    d.documentElement.classList.add('lightbox-open');
  });

  on(d, 'keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!step || !dlg || !dlg.open || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(step);
  });
})();
