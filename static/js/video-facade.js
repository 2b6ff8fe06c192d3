// Swap a video facade for the player only when the learner taps it, so a lesson costs
// no third-party script, iframe or cookie until they ask for the video.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest(".video-facade[data-embed-url]");
  if (!link) return;
  event.preventDefault();
  var frame = document.createElement("div");
  frame.className = "video-frame";
  var iframe = document.createElement("iframe");
  iframe.src = link.getAttribute("data-embed-url");
  iframe.title = link.getAttribute("data-title") || "";
  iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  iframe.allowFullscreen = true;
  frame.appendChild(iframe);
  link.replaceWith(frame);
});
