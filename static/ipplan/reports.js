// Reporting pages: autosave of the report form, the 已调整 reason, and the review queue's
// "select all". Plain script, no framework (offline intranets, nothing to vendor).
(function () {
  "use strict";

  var checkAll = document.getElementById("check-all");
  if (checkAll) {
    checkAll.addEventListener("change", function () {
      document.querySelectorAll("#bulk-form input[name=report]").forEach(function (box) {
        box.checked = checkAll.checked;
      });
    });
  }

  var form = document.getElementById("report-form");
  if (!form) return;

  // 调整原因 only matters when the status is 已调整; keep it visible if it holds text.
  var status = form.querySelector("select[name=progress_status]");
  var reasonBox = document.getElementById("adjusted-reason");
  function toggleReason() {
    var reason = reasonBox.querySelector("textarea");
    var show = status.value === "adjusted" || reason.value.trim() !== "" ||
      reasonBox.querySelector(".has-error") !== null;
    reasonBox.hidden = !show;
  }
  if (status && reasonBox) {
    status.addEventListener("change", toggleReason);
    toggleReason();
  }

  // Autosave: every interval, if something changed, post the form (without the file) with
  // the version the page holds. The server answers the new version, or 409 when someone
  // else saved first; then we stop, say so, and leave every typed word on screen.
  var box = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=expected_version]");
  var interval = parseInt(form.dataset.autosaveInterval, 10) || 20000;
  var dirty = false;
  var stopped = false;
  var inflight = null;

  function say(text, kind) {
    box.textContent = text;
    box.className = "rp-small rp-autosave " + (kind || "meta");
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") dirty = true;
  });

  function autosave() {
    if (!dirty || stopped || inflight) return Promise.resolve();
    var data = new FormData(form);
    data.delete("attachment");
    data.delete("action");
    dirty = false;
    say("正在自动保存…");
    inflight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.body.ok) {
          version.value = result.body.version;
          say("已自动保存草稿（" + result.body.saved_at + "，第 " + result.body.version + " 版）。", "rp-ok");
          return;
        }
        if (result.status === 409 && result.body.code !== "stale") {
          // Not now: the report was submitted, accepted or its period closed meanwhile.
          stopped = true;
          say("自动保存未成功：" + result.body.message + " 您填写的内容仍在页面上，没有丢失。", "rp-warn");
          return;
        }
        if (result.status === 409) {
          stopped = true;
          say("自动保存未成功：" + result.body.message + " 您填写的内容仍在页面上，没有丢失；" +
            "点击“保存草稿”可查看对方的修改并合并。", "rp-warn");
          return;
        }
        dirty = true;
        say("自动保存未成功：" + result.body.message, "rp-warn");
        if (result.status === 403) stopped = true;
      })
      .catch(function () {
        dirty = true;
        say("自动保存暂时失败（网络问题），稍后重试；您填写的内容仍在页面上。", "rp-warn");
      })
      .then(function () { inflight = null; });
    return inflight;
  }

  setInterval(autosave, interval);
  // Save at once when the person leaves the tab, and on request (the browser tests use it).
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") autosave();
  });
  form.addEventListener("ipplan:autosave", autosave);

  // A manual save or submit must carry the version an autosave just obtained.
  form.addEventListener("submit", function (event) {
    if (!inflight) {
      stopped = true;
      return;
    }
    event.preventDefault();
    var submitter = event.submitter;
    inflight.then(function () {
      stopped = true;
      form.requestSubmit(submitter);
    });
  });
})();
