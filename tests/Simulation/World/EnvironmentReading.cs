namespace Smile.Simulation.World
{
    /// <summary>Air temperature, relative humidity and station pressure: the three quantities a BME280 measures.</summary>
    public readonly record struct EnvironmentReading(double TemperatureC, double HumidityPercent, double PressureHpa);
}
