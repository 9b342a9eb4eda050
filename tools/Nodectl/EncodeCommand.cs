using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl encode: the JSON form of a frame back to bytes, split into as many frames as the size limit needs
    /// (each with the next sequence number). For writing test frames and checking a decoder.
    /// </summary>
    public static class EncodeCommand
    {
        public static Command Create()
        {
            var json = new Argument<string>("json") { Description = "the frame as JSON, or @path to read it from a file" };
            var maxBytes = new Option<int>("--max-bytes") { Description = "largest frame to write", DefaultValueFactory = _ => FrameFormat.LoRaWanMinimumPayload };
            var command = new Command("encode", "encode the JSON form of a frame to hex") { json, maxBytes };
            command.SetAction(parse => Run(parse.GetValue(json)!, parse.GetValue(maxBytes), Console.Out, Console.Error));
            return command;
        }

        public static int Run(string text, int maxBytes, TextWriter output, TextWriter errors)
        {
            Frame frame;
            try
            {
                string source = text.StartsWith('@') ? File.ReadAllText(text.Substring(1)) : text;
                frame = FrameJsonReader.Read(JsonNode.Parse(source)!.AsObject());
            }
            catch (Exception e) when (e is FormatException || e is JsonException || e is InvalidOperationException || e is IOException)
            {
                errors.WriteLine("nodectl encode: " + e.Message);
                return 2;
            }

            var encoder = new FrameEncoder();
            var result = new EncodeResult();
            do
            {
                byte[]? bytes = encoder.EncodeToArray(frame, maxBytes, result);
                if (bytes == null)
                {
                    errors.WriteLine("nodectl encode: " + result.ErrorMessage + " (" + FrameErrorNames.Of(result.Error) + ")");
                    return 1;
                }

                output.WriteLine(Convert.ToHexString(bytes).ToLowerInvariant());
                frame.FirstSample += result.SamplesTaken;
                frame.SampleCount -= result.SamplesTaken;
                frame.Sequence = (frame.Sequence + 1) % (FrameFormat.MaxSequence + 1);
            }
            while (frame.Type == FrameFormat.TypeMeasurement && frame.SampleCount > 0);

            return 0;
        }
    }
}
