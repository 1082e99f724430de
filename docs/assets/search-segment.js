// Material's search splits a query at whitespace only, so a Japanese query such as
// 交差エントロピー reaches lunr as one term that the index (segmented by
// TinySegmenter) does not contain.  Split the query where the script changes
// (Han / Hiragana / Katakana / other) before Material sends it to its search worker.
// Relies on Material 9's worker message {type: 2 (QUERY), data: "<query>"}: re-check on upgrades.
(function () {
  "use strict";
  var QUERY = 2;
  var RUN = /[\p{Script=Han}々〆ヵヶ]+|[\p{Script=Hiragana}]+|[\p{Script=Katakana}ー]+|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヵヶ]+/gu;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      var runs = message.data.match(RUN) || [];
      arguments[0] = Object.assign({}, message, { data: runs.join(" ") });
    }
    return post.apply(this, arguments);
  };
})();
