/*
 * The lesson player: our own small script around the browser's <video>.
 *
 * - Plays the HLS renditions where the browser plays HLS itself, the MP4 elsewhere.
 * - Resumes where the learner stopped.
 * - Reports progress: the position and the stretches watched since the last report,
 *   every 10 seconds while playing, on pause and when the page is left (sendBeacon).
 * Nothing here is loaded from anywhere but this site.
 */
(function () {
    "use strict";

    var root = document.querySelector("[data-player]");
    if (!root) return;
    var video = root.querySelector("video");
    var status = root.querySelector("[data-status]");
    var reportUrl = root.dataset.reportUrl;
    var token = root.dataset.reportToken;
    var resumeAt = parseFloat(root.dataset.position) || 0;
    var csrf = root.dataset.csrf || "";

    // The source: HLS where the browser plays it natively (Safari, this Chromium), else the MP4.
    if (root.dataset.hls && video.canPlayType("application/vnd.apple.mpegurl")) {
        var mp4 = video.querySelector("source");
        if (mp4) mp4.remove();
        video.src = root.dataset.hls;
        video.load();
    }

    function seekTo(seconds) {
        if (seconds > 0 && (!video.duration || seconds < video.duration - 1)) video.currentTime = seconds;
    }
    if (resumeAt > 0) {
        if (video.readyState >= 1) seekTo(resumeAt);
        else video.addEventListener("loadedmetadata", function () { seekTo(resumeAt); }, { once: true });
    }
    var restart = root.querySelector("[data-restart]");
    if (restart) {
        restart.addEventListener("click", function () {
            video.currentTime = 0;
            root.querySelector("[data-resume]").hidden = true;
            video.focus();
        });
    }

    // A signed media URL expired (a page left open for hours), or the network failed.
    video.addEventListener("error", function () {
        if (status) status.textContent = root.dataset.reloadText;
    });

    if (!reportUrl) return;

    // Stretches watched since the last report, as [start, end] in seconds of the video.
    var ranges = [];
    var from = null;
    var last = null;

    function close() {
        if (from !== null && last !== null && last > from) ranges.push([from, last]);
        from = null;
        last = null;
    }
    video.addEventListener("timeupdate", function () {
        if (video.paused || video.seeking) return;
        var now = video.currentTime;
        // A jump (a seek the events did not tell us about) ends the stretch.
        if (last !== null && (now < last || now - last > 2)) close();
        if (from === null) from = now;
        last = now;
    });
    video.addEventListener("seeking", close);

    var sentPosition = -1;
    function payload() {
        // A tab that never played has nothing to say (and must not move the resume point).
        if (!video.played.length) return null;
        close();
        var position = Math.min(video.currentTime || 0, video.duration || Infinity);
        if (!ranges.length && Math.abs(position - sentPosition) < 1) return null;
        var body = new URLSearchParams();
        body.set("position", position.toFixed(2));
        body.set("watched", ranges.map(function (r) { return r[0].toFixed(2) + "-" + r[1].toFixed(2); }).join(","));
        body.set("token", token);
        body.set("csrfmiddlewaretoken", csrf);
        var sent = { ranges: ranges, position: position };
        ranges = [];
        if (!video.paused) { from = video.currentTime; last = from; }
        return { body: body, sent: sent };
    }

    var inFlight = false;
    function send() {
        if (inFlight) return; // one report at a time: the next one carries what is left
        var report = payload();
        if (!report) return;
        inFlight = true;
        sentPosition = report.sent.position;
        fetch(reportUrl, {
            method: "POST",
            body: report.body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrf },
        })
            .then(function (response) {
                var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
                if (!json) return { ok: false, data: { error: root.dataset.reloadText } };
                return response.json().then(function (data) { return { ok: response.ok, data: data }; });
            })
            .then(function (result) {
                if (!result.ok) {
                    if (status && result.data.error) status.textContent = result.data.error;
                    return;
                }
                if (result.data.lesson_done && status && !status.dataset.done) {
                    status.dataset.done = "1";
                    status.textContent = root.dataset.doneText || status.textContent;
                }
                if (result.data.course_completed) {
                    // The page says so and offers the evaluation: reloaded once the video stops,
                    // never in the middle of it.
                    if (video.paused || video.ended) window.location.reload();
                    else video.addEventListener("pause", function () { window.location.reload(); }, { once: true });
                }
            })
            .catch(function () {
                // Offline for a moment: keep the stretches for the next report.
                ranges = report.sent.ranges.concat(ranges);
                sentPosition = -1;
            })
            .finally(function () { inFlight = false; });
    }

    function beacon() {
        var report = payload();
        if (!report) return;
        if (!(navigator.sendBeacon && navigator.sendBeacon(reportUrl, report.body))) {
            fetch(reportUrl, { method: "POST", body: report.body, credentials: "same-origin", keepalive: true });
        }
        sentPosition = report.sent.position;
    }

    setInterval(function () { if (!video.paused) send(); }, 10000);
    video.addEventListener("pause", send);
    video.addEventListener("ended", send);
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") beacon();
    });
    window.addEventListener("pagehide", beacon);
})();
