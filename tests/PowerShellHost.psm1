# The PowerShell the tests run in, for tests that start a fresh process of it: the same edition
# and version, pwsh under PowerShell 7 and powershell.exe under Windows PowerShell 5.1.

function Get-PowerShellPath {
    <# The executable of the PowerShell running the tests. #>
    [CmdletBinding()]
    param()
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return Join-Path $PSHOME 'powershell.exe' }
    foreach ($name in 'pwsh.exe', 'pwsh') {
        $path = Join-Path $PSHOME $name
        if (Test-Path $path -PathType Leaf) { return $path }
    }
    throw "There is no pwsh executable in $PSHOME."
}

function Test-WindowsPlatform {
    <# Whether the tests run on Windows; $IsWindows does not exist in Windows PowerShell 5.1. #>
    [CmdletBinding()]
    param()
    [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

Export-ModuleMember -Function Get-PowerShellPath, Test-WindowsPlatform
