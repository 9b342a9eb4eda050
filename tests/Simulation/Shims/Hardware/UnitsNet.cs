namespace UnitsNet
{
    public struct Temperature
    {
        private Temperature(double celsius) => DegreesCelsius = celsius;

        public double DegreesCelsius { get; }

        public static Temperature FromDegreesCelsius(double degreesCelsius) => new Temperature(degreesCelsius);
    }

    public struct Pressure
    {
        private Pressure(double hectopascals) => Hectopascals = hectopascals;

        public double Hectopascals { get; }

        public static Pressure FromHectopascals(double hectopascals) => new Pressure(hectopascals);
    }

    public struct RelativeHumidity
    {
        private RelativeHumidity(double percent) => Percent = percent;

        public double Percent { get; }

        public static RelativeHumidity FromPercent(double percent) => new RelativeHumidity(percent);
    }

    public struct Length
    {
        private Length(double centimeters) => Centimeters = centimeters;

        public double Centimeters { get; }

        public static Length FromCentimeters(double centimeters) => new Length(centimeters);
    }
}
