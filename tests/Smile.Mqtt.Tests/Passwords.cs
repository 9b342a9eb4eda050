using System.IO;
using Smile.Simulation.Place;

namespace Smile.Mqtt.Tests
{
    internal static class Passwords
    {
        /// <summary>Writes a mosquitto password file with mosquitto_passwd, as an operator would.</summary>
        public static void Write(Mosquitto broker, string user, string password)
        {
            string file = Path.Combine(broker.Folder, "passwd");
            File.WriteAllText(file, "");
            ProcessRunner.Run("mosquitto_passwd", "-b", file, user, password);
        }
    }
}
