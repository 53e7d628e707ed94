// 实人认证: asks for a challenge, films the two movements, sends the frames, shows each check's result.
(function () {
  const script = document.currentScript;
  const csrf = script.dataset.csrf, zh = !String(script.dataset.lang || "").startsWith("en"), back = script.dataset.back || "";
  const video = document.getElementById("camera"), say = document.getElementById("instruction");
  const progress = document.getElementById("progress"), start = document.getElementById("start"), result = document.getElementById("result");
  const text = (z, e) => (zh ? z : e);
  // Kiosk mode (/me/face?kiosk=1 on a self-service terminal): large controls, the camera full width, and the session
  // signed out after the result once nobody touches the screen for a while (idle= seconds, 30 by default), so the
  // next person never finds the previous one signed in.
  const query = new URLSearchParams(location.search);
  const kiosk = query.get("kiosk") === "1";
  if (kiosk) document.body.classList.add("kiosk");
  function signOutWhenIdle() {
    if (!kiosk) return;
    const seconds = Math.min(300, Math.max(1, parseInt(query.get("idle") || "30", 10) || 30));
    let timer;
    const arm = () => { clearTimeout(timer); timer = setTimeout(() => { const form = document.querySelector("form[action='/logout']"); if (form) form.submit(); }, seconds * 1000); };
    ["pointerdown", "keydown", "touchstart"].forEach((name) => document.addEventListener(name, arm, { passive: true }));
    arm();
  }
  const post = (url, body) => fetch(url, { method: "POST", headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" }, body: body || "{}" });
  const problem = async (response) => { try { const p = await response.json(); return zh ? p.titleZh || p.title : p.title; } catch (e) { return String(response.status); } };

  async function run() {
    start.disabled = true;
    result.textContent = "";
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, facingMode: "user" }, audio: false });
    } catch (e) {
      say.textContent = text("无法打开摄像头：请允许本页使用摄像头后重试。", "The camera could not be opened: allow this page to use it and try again.");
      start.disabled = false;
      return;
    }
    video.srcObject = stream;
    await new Promise((r) => (video.readyState >= 2 ? r() : (video.onloadeddata = r)));
    const issued = await post("/me/face/challenges");
    if (!issued.ok) { say.textContent = await problem(issued); stream.getTracks().forEach((t) => t.stop()); start.disabled = false; return; }
    const challenge = await issued.json();
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth || 640; canvas.height = video.videoHeight || 480;
    const frames = [], began = performance.now();
    // Each step in words (spoken through aria-live) and, for sighted users, an arrow or an eye beside the oval.
    const icons = { "turn-left": "⬅", "turn-right": "➡", "raise-head": "⬆", "lower-head": "⬇", blink: "👁" };
    const steps = [{ zh: "请正对镜头，保持不动", en: "Look straight at the camera and keep still", icon: "◯" }]
      .concat(challenge.actions.map((a) => ({ zh: a.instructionZh, en: a.instructionEn, icon: icons[a.code] || "" })))
      .concat([{ zh: "请再次正对镜头", en: "Look straight at the camera again", icon: "◯" }]);
    const icon = document.getElementById("action-icon");
    const total = 24;
    for (let i = 0; i < total; i++) {
      const step = steps[Math.min(steps.length - 1, Math.floor((i / total) * steps.length))];
      if (say.textContent !== text(step.zh, step.en)) { say.textContent = text(step.zh, step.en); if (icon) icon.textContent = step.icon; }
      await new Promise((r) => setTimeout(r, 280));
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      const jpeg = canvas.toDataURL("image/jpeg", 0.85).split(",")[1];
      frames.push({ millis: Math.round(performance.now() - began), image: jpeg });
      progress.value = Math.round(((i + 1) / total) * 90);
    }
    stream.getTracks().forEach((t) => t.stop());
    say.textContent = text("正在比对，请稍候…", "Checking, please wait…");
    if (icon) icon.textContent = "";
    const answered = await post("/me/face/challenges/" + challenge.id + "/frames", JSON.stringify({ frames: frames }));
    progress.value = 100;
    if (!answered.ok) { say.textContent = await problem(answered); start.disabled = false; return; }
    const verdict = await answered.json();
    say.textContent = verdict.passed ? text("认证通过：您的账号已升级为 L3。", "Verified: your account is now at level L3.")
      : text("认证未通过，请按以下提示重试。", "Not verified: see below and try again.");
    const list = document.createElement("ul");
    list.id = "face-checks";
    list.className = "rules";
    verdict.checks.forEach((c) => {
      const li = document.createElement("li");
      li.className = c.passed ? "rule-passed" : "rule-failed";
      li.textContent = (c.passed ? "✓ " : "✗ ") + (zh ? c.reasonZh : c.reasonEn);
      list.appendChild(li);
    });
    result.appendChild(list);
    result.dataset.passed = String(verdict.passed);
    if (verdict.passed && back) { const a = document.createElement("a"); a.href = back; a.className = "button"; a.textContent = text("返回办理", "Back to the service"); result.appendChild(a); }
    start.disabled = false;
    start.textContent = text("重新认证", "Try again");
    signOutWhenIdle();
  }
  start.addEventListener("click", run);
})();
