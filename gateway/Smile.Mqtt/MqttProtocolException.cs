using System;

namespace Smile.Mqtt
{
    /// <summary>The peer broke the MQTT protocol (or sent more than we accept); the connection is closed and retried.</summary>
    public sealed class MqttProtocolException : Exception
    {
        public MqttProtocolException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The broker refused the connection (CONNACK return code 1 to 5).</summary>
    public sealed class MqttConnectException : Exception
    {
        public MqttConnectException(byte returnCode)
            : base("the broker refused the connection: " + Describe(returnCode))
        {
            ReturnCode = returnCode;
        }

        public byte ReturnCode { get; }

        public static string Describe(byte code) => code switch
        {
            1 => "unacceptable protocol version (1)",
            2 => "client identifier rejected (2)",
            3 => "server unavailable (3)",
            4 => "bad user name or password (4)",
            5 => "not authorized (5)",
            _ => "return code " + code,
        };
    }
}
