using Crm.Web.Features.Shared;
using Crm.Web.Infrastructure.Auth;
using Crm.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Settings;

[Authorize(Policy = Policies.Admin)]
[Route("Admin/Settings")]
public sealed class SettingsController(CrmDbContext db, CurrentSettings settings, Backups backups, CompanyLogo logo, Tickets.Sla.SlaAdmin sla, Deals.CurrencyRates currencies, IStringLocalizer<SharedResource> l) : Controller
{
    private const string PagePath = "/Features/Settings/Index.cshtml";

    public sealed class Form
    {
        public string? CompanyName { get; set; }
        public string? AuditRetentionDays { get; set; }
        public bool NightlyBackup { get; set; }
        public string? BackupsToKeep { get; set; }
        public bool RequireTwoFactorForAdmins { get; set; }
        public string? RecycleBinRetentionDays { get; set; }
        public string? FiscalYearStartMonth { get; set; }
        public string? TimeZone { get; set; }
    }

    public sealed record Page(Form Form, bool BackupsAvailable, IReadOnlyList<Backups.Copy> Copies, bool HasLogo, IReadOnlyList<Tickets.Sla.SlaPolicyForm.DayRow> Days, IReadOnlyList<string> Currencies);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(PagePath, await PageAsync(await CurrentFormAsync(ct), ct));

    private async Task<Form> CurrentFormAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        return new Form
        {
            CompanyName = current.CompanyName,
            AuditRetentionDays = current.AuditRetentionDays?.ToString(System.Globalization.CultureInfo.CurrentCulture),
            NightlyBackup = current.NightlyBackup,
            BackupsToKeep = current.BackupsToKeep.ToString(System.Globalization.CultureInfo.CurrentCulture),
            RequireTwoFactorForAdmins = current.RequireTwoFactorForAdmins,
            RecycleBinRetentionDays = current.RecycleBinRetentionDays.ToString(System.Globalization.CultureInfo.CurrentCulture),
            FiscalYearStartMonth = current.FiscalYearStartMonth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TimeZone = current.TimeZone,
        };
    }

    [HttpPost("")]
    public async Task<IActionResult> Index(Form form, CancellationToken ct)
    {
        ModelState.Clear();
        var name = string.IsNullOrWhiteSpace(form.CompanyName) ? null : form.CompanyName.Trim();
        if (name is { Length: > OrganisationSettings.MaxCompanyNameLength })
        {
            ModelState.AddModelError(nameof(Form.CompanyName), l["The name is too long ({0} characters at most).", OrganisationSettings.MaxCompanyNameLength]);
        }

        int? retention = null;
        if (!string.IsNullOrWhiteSpace(form.AuditRetentionDays))
        {
            if (!int.TryParse(form.AuditRetentionDays.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var days)
                || days < OrganisationSettings.MinRetentionDays || days > 36500)
            {
                ModelState.AddModelError(nameof(Form.AuditRetentionDays), l["Enter a number of days from {0} to 36500, or leave blank to keep everything.", OrganisationSettings.MinRetentionDays]);
            }
            else
            {
                retention = days;
            }
        }

        if (!int.TryParse(form.BackupsToKeep?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var keep)
            || keep < 1 || keep > OrganisationSettings.MaxBackupsToKeep)
        {
            ModelState.AddModelError(nameof(Form.BackupsToKeep), l["Enter how many copies to keep, from 1 to {0}.", OrganisationSettings.MaxBackupsToKeep]);
        }

        // Blank keeps the defaults: 30 days in the bin, a fiscal year that is the calendar year.
        var binDays = RecycleBin.RecycleBinPurge.DefaultRetentionDays;
        if (!string.IsNullOrWhiteSpace(form.RecycleBinRetentionDays)
            && (!int.TryParse(form.RecycleBinRetentionDays.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out binDays)
                || binDays < 1 || binDays > OrganisationSettings.MaxBinRetentionDays))
        {
            ModelState.AddModelError(nameof(Form.RecycleBinRetentionDays), l["Enter a number of days from 1 to {0}.", OrganisationSettings.MaxBinRetentionDays]);
        }

        var fiscalMonth = 1;
        if (!string.IsNullOrWhiteSpace(form.FiscalYearStartMonth)
            && (!int.TryParse(form.FiscalYearStartMonth.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out fiscalMonth)
                || fiscalMonth is < 1 or > 12))
        {
            ModelState.AddModelError(nameof(Form.FiscalYearStartMonth), l["Choose the month the fiscal year starts in."]);
        }

        var zone = string.IsNullOrWhiteSpace(form.TimeZone) ? null : form.TimeZone.Trim();
        if (zone is not null && !Tickets.Sla.SlaAdmin.TimeZones.Contains(zone, StringComparer.Ordinal))
        {
            ModelState.AddModelError(nameof(Form.TimeZone), l["Choose a time zone from the list (such as Europe/Paris)."]);
        }

        if (!ModelState.IsValid)
        {
            return View(PagePath, await PageAsync(form, ct));
        }

        var row = await db.Set<OrganisationSettings>().SingleOrDefaultAsync(s => s.Id == OrganisationSettings.SingletonId, ct);
        if (row is null)
        {
            row = new OrganisationSettings();
            db.Add(row);
        }

        row.CompanyName = name;
        row.AuditRetentionDays = retention;
        row.NightlyBackup = form.NightlyBackup;
        row.BackupsToKeep = keep;
        row.RequireTwoFactorForAdmins = form.RequireTwoFactorForAdmins;
        row.RecycleBinRetentionDays = binDays;
        row.FiscalYearStartMonth = fiscalMonth;
        var zoneChanged = row.TimeZone != zone;
        row.TimeZone = zone;
        await db.SaveChangesAsync(ct);
        if (zoneChanged)
        {
            await NightlyMaintenanceSchedule.ScheduleAsync(HttpContext.RequestServices, ct);
        }

        TempData["Flash"] = l["Settings saved."].Value;
        return Redirect("/Admin/Settings");
    }

    [HttpPost("Backup")]
    public async Task<IActionResult> Backup(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        var copy = await backups.TakeAsync(Backups.Manual, current.BackupsToKeep, ct);
        TempData[copy is null ? "FlashError" : "Flash"] = copy is null
            ? l["This database is not a SQLite file: back it up with the database server's own tools."].Value
            : l["The database is copied to {0} ({1}).", copy.Name, Backups.Size(copy.Size)].Value;
        return Redirect("/Admin/Settings#backups");
    }

    [HttpPost("Logo")]
    [RequestSizeLimit(4 * 1024 * 1024), RequestFormLimits(MultipartBodyLengthLimit = 4 * 1024 * 1024)]
    public async Task<IActionResult> Logo(IFormFile? logoFile, CancellationToken ct)
    {
        var refusal = logoFile is null ? CompanyLogo.Refusal.Empty : await SaveLogoAsync(logoFile, ct);
        if (refusal != CompanyLogo.Refusal.None)
        {
            ModelState.Clear();
            ModelState.AddModelError("LogoFile", refusal switch
            {
                CompanyLogo.Refusal.TooLarge => l["The logo is too large: {0} KB at most.", CompanyLogo.MaxBytes / 1024],
                CompanyLogo.Refusal.NotAnImage => l["The file is not a PNG, JPEG or WebP image."],
                _ => l["Choose an image file."],
            });
            return View(PagePath, await PageAsync(await CurrentFormAsync(ct), ct));
        }

        TempData["Flash"] = l["The logo is saved."].Value;
        return Redirect("/Admin/Settings#logo");
    }

    private async Task<CompanyLogo.Refusal> SaveLogoAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > CompanyLogo.MaxBytes)
        {
            return CompanyLogo.Refusal.TooLarge;
        }

        await using var content = file.OpenReadStream();
        return await logo.SaveAsync(content, ct);
    }

    [HttpPost("Logo/Remove")]
    public IActionResult RemoveLogo()
    {
        logo.Remove();
        TempData["Flash"] = l["The logo is removed."].Value;
        return Redirect("/Admin/Settings#logo");
    }

    /// <summary>The company's business hours, shared with the SLA policies that use them; every wrong time is shown at once.</summary>
    [HttpPost("Hours")]
    public async Task<IActionResult> Hours(List<Tickets.Sla.SlaPolicyForm.DayRow> days, CancellationToken ct)
    {
        var week = Tickets.Sla.SlaPolicyForm.Week.Select(d => days.FirstOrDefault(x => x.Day == d) ?? new Tickets.Sla.SlaPolicyForm.DayRow { Day = d }).ToList();
        var errors = new List<FieldError>();
        var hours = sla.Week(week, errors);
        if (errors.Count > 0)
        {
            ModelState.Clear();
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message);
            }

            return View(PagePath, await PageAsync(await CurrentFormAsync(ct), ct, week));
        }

        var row = await db.Set<OrganisationSettings>().SingleOrDefaultAsync(s => s.Id == OrganisationSettings.SingletonId, ct);
        if (row is null)
        {
            row = new OrganisationSettings();
            db.Add(row);
        }

        row.BusinessHours = CompanyHours.Format(hours);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = l["The business hours are saved."].Value;
        return Redirect("/Admin/Settings#hours");
    }

    /// <summary>What changing the company's currency will do, to confirm; the settings page with the reason when it cannot.</summary>
    [HttpGet("Currency")]
    public async Task<IActionResult> Currency(string? currency, [FromServices] Admin.DefaultCurrencyChange change, CancellationToken ct)
    {
        var preview = await change.PreviewAsync(currency, ct);
        return preview.IsDone ? View("/Features/Settings/Currency.cshtml", preview.Value) : await CurrencyRefusedAsync(preview.Errors, ct);
    }

    [HttpPost("Currency")]
    public async Task<IActionResult> Currency(string? currency, string? rate, [FromServices] Admin.DefaultCurrencyChange change, CancellationToken ct)
    {
        var done = await change.ApplyAsync(currency, rate, User.Id(), ct);
        if (!done.IsDone)
        {
            return await CurrencyRefusedAsync(done.Errors, ct);
        }

        TempData["Flash"] = l["{0} is now the company's currency.", done.Value!.To].Value;
        return Redirect("/Admin/Settings#currency");
    }

    private async Task<IActionResult> CurrencyRefusedAsync(IReadOnlyList<FieldError> errors, CancellationToken ct)
    {
        ModelState.Clear();
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }

        return View(PagePath, await PageAsync(await CurrentFormAsync(ct), ct));
    }

    private async Task<Page> PageAsync(Form form, CancellationToken ct, IReadOnlyList<Tickets.Sla.SlaPolicyForm.DayRow>? days = null) =>
        new(form, backups.Available, backups.List(), logo.Find() is not null,
            days ?? Tickets.Sla.SlaPolicyForm.DaysOf(CompanyHours.Parse((await settings.GetAsync(ct)).BusinessHours)),
            await currencies.UsableAsync(ct));
}
