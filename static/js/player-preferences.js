/*
 * The course player's preferences: playback speed and volume, remembered for next time.
 * Loaded only for a visitor who allowed the "preferences" cookies ({% consent %} in
 * templates/courses/lesson_page.html); the key is declared in gdpr/cookie_seed.py.
 */
(function () {
    "use strict";

    var KEY = "cloocast:player";
    var video = document.querySelector("[data-player] video");
    if (!video) return;

    var saved = {};
    try {
        saved = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
    } catch (e) {
        saved = {};
    }
    if (typeof saved.rate === "number" && saved.rate >= 0.25 && saved.rate <= 4) {
        video.defaultPlaybackRate = video.playbackRate = saved.rate;
    }
    if (typeof saved.volume === "number" && saved.volume >= 0 && saved.volume <= 1) video.volume = saved.volume;
    if (typeof saved.muted === "boolean") video.muted = saved.muted;

    function save() {
        try {
            window.localStorage.setItem(
                KEY,
                JSON.stringify({ rate: video.playbackRate, volume: video.volume, muted: video.muted })
            );
        } catch (e) {
            // Storage full or refused: the player works as before.
        }
    }
    video.addEventListener("ratechange", save);
    video.addEventListener("volumechange", save);
})();
