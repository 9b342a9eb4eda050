using System;

namespace nanoFramework.Json
{
    /// <summary>nanoFramework.Json's entry point over System.Text.Json: public properties by their names.</summary>
    public static class JsonConvert
    {
        public static object DeserializeObject(string value, Type type)
        {
            return System.Text.Json.JsonSerializer.Deserialize(value, type)
                ?? throw new DeserializationException();
        }
    }

    public class DeserializationException : Exception
    {
    }
}
