// The function node's body (bench/node-red/flow.json): the repository's payload formatter, then one JSON message per
// sample, as a user would write it in Node-RED. Invalid frames go to a dead-letter topic.
/*SMILE_FORMATTER*/
var node = msg.topic.split('/')[2];
var frame = smileDecodeFrame(Array.prototype.slice.call(msg.payload));
if (frame.error) {
    return { topic: 'smile/v1/bench/deadletter', payload: JSON.stringify({ node_id: node, error: frame.error }) };
}
var out = [];
for (var i = 0; i < (frame.samples || []).length; i++) {
    var m = frame.samples[i];
    m.node_id = node;
    m.seq = frame.seq;
    m.boot = frame.boot;
    m.sample = i;
    out.push({ topic: 'smile/v1/bench/' + node + '/measurement', payload: JSON.stringify(m) });
}
return [out];
