namespace Smile.MqttClient.Bench
{
    public enum Workload
    {
        /// <summary>Subscribe at QoS 1, receive from a fast raw publisher, acknowledge each batch of up to 100 after it.</summary>
        Receive,

        /// <summary>Publish at QoS 1 with up to 200 awaiting their PUBACK, to a topic nobody subscribes to.</summary>
        Publish,
    }
}
