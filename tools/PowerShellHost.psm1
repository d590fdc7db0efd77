# A fresh process of the PowerShell running now, of the same edition and version: pwsh under
# PowerShell 7, powershell.exe under Windows PowerShell 5.1. Used by build.ps1, the tools and the
# tests, in both editions.

function Get-PowerShellCommand {
    <# The executable, and the arguments that come first, that start the PowerShell running now. #>
    [CmdletBinding()]
    param()
    if ($PSVersionTable.PSEdition -eq 'Core') {
        $process = [Environment]::ProcessPath
        # The dotnet tool runs pwsh.dll under the dotnet host. The pwsh beside it is an apphost
        # built for one platform only (the package's unix/pwsh is for Linux x64, and will not
        # start on macOS), so the host that runs this process runs the dll again.
        if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return $process, (Join-Path $PSHOME 'pwsh.dll') }
        return $process
    }
    Join-Path $PSHOME 'powershell.exe'
}

function Invoke-PowerShell {
    <# Runs a fresh PowerShell of this edition with the given arguments; a script block after -Command brings objects back, as with pwsh itself. #>
    # A plain function, so that arguments such as -NoProfile pass through untouched.
    $command = @(Get-PowerShellCommand)
    $executable = $command[0]
    $leading = @($command | Select-Object -Skip 1)
    & $executable @leading @args
}

function Start-PowerShell {
    <# Starts a fresh PowerShell of this edition running -Command, with -Environment's variables set for it alone, and returns at once: Process, and Output and Errors, tasks that end with all it wrote to each. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{})
    $executable, $leading = Get-PowerShellCommand
    # The command travels encoded, so that no quoting of a command line stands between it and the child.
    $arguments = @(@($leading | Where-Object { $_ } | ForEach-Object { '"' + $_ + '"' }) + '-NoProfile', '-NonInteractive',
        '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))) -join ' '
    $start = [System.Diagnostics.ProcessStartInfo]::new($executable, $arguments)
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $process = [System.Diagnostics.Process]::Start($start)
    # Both streams are read as they come, so that a chatty child never blocks on a full pipe.
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync() }
}

function Test-WindowsPlatform {
    <# Whether this runs on Windows; $IsWindows does not exist in Windows PowerShell 5.1. #>
    [CmdletBinding()]
    param()
    [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

Export-ModuleMember -Function Get-PowerShellCommand, Invoke-PowerShell, Start-PowerShell, Test-WindowsPlatform
