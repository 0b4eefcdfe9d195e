// Autosave of drafts. A form with data-autosave posts itself as a draft (action=nhap) a few
// seconds after the user stops typing and when the tab is hidden, and says when it last saved.
// Without JavaScript the "Lưu nháp" button does the same.
(function () {
  'use strict';
  var QUIET_MS = 3000;

  function setUp(form) {
    var status = form.querySelector('[data-autosave-status]');
    var timer = null;
    var dirty = false;
    var saving = false;

    function say(text) {
      if (status) status.textContent = text;
    }

    function save(keepalive) {
      if (!dirty || saving) return;
      dirty = false;
      saving = true;
      var data = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (typeof value === 'string' && name !== 'action') data.append(name, value);
      });
      data.append('action', 'nhap');
      say('Đang lưu nháp…');
      // form.action would be the buttons named "action"; the attribute is the address.
      fetch(form.getAttribute('action'), {
        method: 'POST',
        body: data,
        credentials: 'same-origin',
        redirect: 'manual',
        keepalive: !!keepalive
      }).then(function (res) {
        // The server answers a saved draft with a redirect to the report page.
        if (res.type === 'opaqueredirect' || res.ok) {
          var now = new Date();
          var hh = String(now.getHours()).padStart(2, '0');
          var mm = String(now.getMinutes()).padStart(2, '0');
          say('Đã tự lưu nháp lúc ' + hh + ':' + mm + '.');
        } else {
          say('Chưa tự lưu được: có ô chưa hợp lệ. Bấm “Lưu nháp” để xem ô cần sửa.');
        }
      }).catch(function () {
        dirty = true;
        say('Chưa tự lưu được (mất kết nối). Sẽ thử lại khi bạn gõ tiếp.');
      }).then(function () {
        saving = false;
      });
    }

    form.addEventListener('input', function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(function () { save(false); }, QUIET_MS);
    });
    form.addEventListener('submit', function () {
      clearTimeout(timer);
      dirty = false;
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') save(true);
    });
  }

  document.querySelectorAll('form[data-autosave]').forEach(setUp);
})();
