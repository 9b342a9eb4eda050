namespace Smile.Mqtt
{
    public enum QoS : byte
    {
        AtMostOnce = 0,
        AtLeastOnce = 1,
    }
}
