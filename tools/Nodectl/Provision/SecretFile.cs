using System;
using System.IO;
using System.Text;

namespace Smile.Nodectl.Provision
{
    /// <summary>
    /// Writes files holding passwords and keys. They are created with mode 0600, never with the umask's mode and then
    /// chmod'ed: between those two calls another user could open the file and keep reading it. A stale temporary
    /// file is removed first, since a create mode applies only to a file that does not exist yet.
    /// </summary>
    public static class SecretFile
    {
        public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        /// <summary>Replaces path atomically (a temporary file, then a rename) with text.</summary>
        public static void Write(string path, string text)
        {
            string temporary = path + ".tmp";
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(true);
            }

            File.Move(temporary, path, true);
        }
    }
}
