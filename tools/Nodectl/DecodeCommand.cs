using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smile.Frames;

namespace Smile.Nodectl
{
    /// <summary>
    /// nodectl decode: frames (hex or base64, as arguments or one per line in a file) to the JSON integrators see.
    /// Prints one JSON object per frame; exits 1 when any frame is invalid, so scripts can check a batch.
    /// </summary>
    public static class DecodeCommand
    {
        public static Command Create()
        {
            var frames = new Argument<string[]>("frame") { Description = "frames as hex or base64", Arity = ArgumentArity.ZeroOrMore };
            var file = new Option<FileInfo?>("--file", "-f") { Description = "read frames from a file, one per line (# starts a comment)" };
            var compact = new Option<bool>("--compact") { Description = "one line of JSON per frame" };
            var command = new Command("decode", "decode v1 frames to JSON, with a typed error for each bad frame") { frames, file, compact };
            command.SetAction(parse => Run(parse.GetValue(frames) ?? Array.Empty<string>(), parse.GetValue(file), parse.GetValue(compact), Console.Out, Console.Error));
            return command;
        }

        public static int Run(string[] frames, FileInfo? file, bool compact, TextWriter output, TextWriter errors)
        {
            var inputs = new List<(string Source, string Text)>();
            for (int i = 0; i < frames.Length; i++)
            {
                inputs.Add(("argument " + (i + 1), frames[i]));
            }

            if (file != null)
            {
                if (!file.Exists)
                {
                    errors.WriteLine("nodectl decode: " + file.FullName + " does not exist");
                    return 2;
                }

                string[] lines = File.ReadAllLines(file.FullName);
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].Trim();
                    if (line.Length > 0 && !line.StartsWith('#'))
                    {
                        inputs.Add((file.Name + ":" + (i + 1), line));
                    }
                }
            }

            if (inputs.Count == 0)
            {
                errors.WriteLine("nodectl decode: give frames as arguments or --file (see nodectl decode --help)");
                return 2;
            }

            var options = new JsonSerializerOptions { WriteIndented = !compact, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            int invalid = 0;
            foreach (var (source, text) in inputs)
            {
                JsonObject json;
                if (FrameText.TryParse(text, out byte[] bytes, out string problem))
                {
                    DecodeResult result = FrameDecoder.Decode(bytes);
                    json = FrameJson.FromResult(result);
                    invalid += result.Ok ? 0 : 1;
                }
                else
                {
                    json = new JsonObject { ["error"] = new JsonObject { ["code"] = "not_a_frame", ["message"] = problem } };
                    invalid++;
                }

                if (inputs.Count > 1)
                {
                    json["input"] = source;
                }

                output.WriteLine(json.ToJsonString(options));
            }

            return invalid == 0 ? 0 : 1;
        }
    }
}
