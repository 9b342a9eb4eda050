using Smile.Frames;

namespace Smile.Node
{
    /// <summary>
    /// Fills a sample's environmental readings (BME280/BME680 in forced mode) and battery voltage. On the device it
    /// wraps the Bmxx80 binding and the ADC; readings that fail are left out of the sample, not guessed.
    /// </summary>
    public interface IEnvironmentSensor
    {
        void Measure(Sample sample);
    }
}
