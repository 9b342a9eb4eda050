namespace Smile.Gateway.Sinks
{
    /// <summary>The normalized topic tree (docs/gateway.md, "Topics"): {prefix}/{site}/{node}/measurement and friends.</summary>
    public sealed class Topics
    {
        private readonly string _prefix;

        public Topics(string prefix) => _prefix = prefix;

        public string Measurement(string site, string node) => _prefix + "/" + site + "/" + node + "/measurement";

        public string NodeStatus(string site, string node) => _prefix + "/" + site + "/" + node + "/status";

        public string DeadLetter(string site) => _prefix + "/" + site + "/deadletter";

        public string GatewayStatus(string site, string gateway) => _prefix + "/" + site + "/gateway/" + gateway + "/status";
    }
}
