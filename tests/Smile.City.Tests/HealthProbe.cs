using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;

namespace Smile.City.Tests
{
    /// <summary>GETs of an ingest's health listener: the status and the body, or 0 while nothing listens.</summary>
    internal static class HealthProbe
    {
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        public static async Task<(int Status, string Body)> GetAsync(string url, string? username = null, string? password = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (username != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));
            }

            try
            {
                using var response = await Http.SendAsync(request);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (0, e.Message);
            }
        }

        /// <summary>Polls until the answer has the status and its body the text; returns the last answer (the caller asserts).</summary>
        public static async Task<(int Status, string Body)> WaitForAsync(string url, int status, string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var answer = await GetAsync(url);
            while (!(answer.Status == status && answer.Body.Contains(text, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                answer = await GetAsync(url);
            }

            return answer;
        }
    }
}
