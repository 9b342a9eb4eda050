namespace Smile.Gateway.Pipeline
{
    /// <summary>
    /// What the gateway tells a Wi-Fi node after a commit: the newest of its frames the gateway holds, and which of the
    /// 16 before it of the same boot it holds too (bit i: <see cref="Smile.Frames.NodeAck.HeldSequence"/>(Sequence, i)).
    /// </summary>
    public readonly record struct WifiAck(string Node, int Boot, int Sequence, int Held);
}
