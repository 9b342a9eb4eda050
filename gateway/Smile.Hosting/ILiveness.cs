namespace Smile.Hosting
{
    /// <summary>What the systemd watchdog is fed for: a service's work, alive or stuck.</summary>
    public interface ILiveness
    {
        /// <summary>What is alive, for the log line when it is not ("pipeline", "consume loop").</summary>
        string Work { get; }

        bool Alive { get; }
    }
}
