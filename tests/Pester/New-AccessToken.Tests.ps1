# New-AccessToken under today's API (1.30), the default: the caller's token posted to /me/tokens
# and emitted with its secret, -WhatIf, exactly the fields given for each owner (raw bodies
# compared to the letter), and the 201 the API answers. Owners and the fields New- and
# Set-AccessToken share have suites of their own; the seed's contract (API 1.3.7) is tested in
# New-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:Expires = [datetime]::new(2031, 2, 3, 4, 5, 6, 789, [System.DateTimeKind]::Utc)
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'New-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'Posts_the_name_alone_to_me_tokens_and_emits_the_stored_token_with_its_secret' {
        $created = @(New-AccessToken -Name 'Nightly export')

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method POST -Path '/me/tokens' -Bearer $script:Emulator.ApiToken -Body '{"name":"Nightly export"}'
        $stored = @(Get-EmulatorApiToken $script:Emulator -Path '/me/tokens' | Where-Object name -EQ 'Nightly export')
        $stored.Count | Should -Be 1
        $created.Count | Should -Be 1
        $created[0].Id | Should -BeExactly $stored[0].id
        $created[0].Name | Should -BeExactly 'Nightly export'
        [System.Net.NetworkCredential]::new('', $created[0].Token).Password | Should -BeExactly $stored[0].token
    }

    It 'WhatIf_sends_nothing_emits_nothing_and_changes_nothing' {
        Assert-NoChange { New-AccessToken -Name 'Nightly export' -WhatIf }
    }
}

Describe 'New-AccessToken sends exactly the fields given' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Every_field_of_a_<Owner>_token_in_the_schemas_order' -ForEach @(
        @{ Owner = 'user'; Arguments = @{ DefaultRole = 'View' }; Path = '/me/tokens'; Role = '"defaultRole":"view",'; Scope = 'all.User' }
        @{ Owner = 'instance'; Arguments = @{ DefaultRole = 'View'; InstanceId = '5d0000000000000000000001' }
            Path = '/instances/5d0000000000000000000001/tokens'; Role = '"defaultRole":"view",'; Scope = 'all.Instance'
        }
        @{ Owner = 'application'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }
            Path = '/applications/5b0000000000000000000001/tokens'; Role = ''; Scope = 'all.Application'
        }
    ) {
        New-AccessToken -Name 'CI' -Description 'Reads state' -Scope 'devices.get', $Scope -ExpirationDate $script:Expires -Status Inactive @Arguments @Connection | Out-Null

        Assert-OnlyRequest POST $Path ('{"name":"CI","description":"Reads state","expirationDate":"2031-02-03T04:05:06.789Z",' +
            $Role + '"scope":["devices.get","' + $Scope + '"],"status":"inactive"}')
    }

    It '<Parameter>_alone_adds_only_its_field' -ForEach @(
        @{ Parameter = 'Description'; Value = 'Reads state'; Field = '"description":"Reads state"' }
        @{ Parameter = 'DefaultRole'; Value = 'collaborate'; Field = '"defaultRole":"collaborate"' }
        @{ Parameter = 'Scope'; Value = @('devices.get'); Field = '"scope":["devices.get"]' }
        @{ Parameter = 'ExpirationDate'; Value = '2031-02-03T04:05:06.789Z'; Field = '"expirationDate":"2031-02-03T04:05:06.789Z"' }
        @{ Parameter = 'Status'; Value = 'Active'; Field = '"status":"active"' }
    ) {
        $given = @{ $Parameter = $Value }
        New-AccessToken -Name 'n' @given @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' "{`"name`":`"n`",$Field}"
    }

    It 'An_empty_description_is_sent_as_given' {
        New-AccessToken -Name 'n' -Description '' @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' '{"name":"n","description":""}'
    }
}

Describe 'What the API answers' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'POST_answers_201_and_the_created_<Owner>_token_is_emitted_with_its_secret' -ForEach @(
        @{ Owner = 'user'; Arguments = @{ DefaultRole = 'edit' }; Collection = '/me/tokens' }
        @{ Owner = 'application'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }; Collection = '/applications/5b0000000000000000000001/tokens' }
        @{ Owner = 'instance'; Arguments = @{ InstanceId = '5d0000000000000000000001'; DefaultRole = 'edit' }; Collection = '/instances/5d0000000000000000000001/tokens' }
    ) {
        $all = @(New-AccessToken -Name 'CI' -Description 'Builds' -Scope 'devices.get' -ExpirationDate $script:Expires @Arguments @Connection -Verbose 4>&1)

        $trace = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        ($trace -match "^POST \S+$([regex]::Escape($Collection))\?\S+ -> 201 Created in \d+ ms$").Count | Should -Be 1
        $created = @($all | Where-Object { $_.PSObject.TypeNames[0] -eq 'Losant.AccessTokens.Models.AccessToken' })
        $created.Count | Should -Be 1
        $stored = @(Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object name -EQ 'CI')
        $stored.Count | Should -Be 1
        $token = $created[0]
        $token.Id | Should -BeExactly $stored[0].id
        $token.Description | Should -BeExactly 'Builds'
        $token.DefaultRole | Should -Be $Arguments.DefaultRole
        $token.Scope | Should -Be @('devices.get')
        $token.ExpirationDate | Should -Be $script:Expires
        $token.Status | Should -Be 'Active'
        $token.Token | Should -BeOfType [securestring]
        [System.Net.NetworkCredential]::new('', $token.Token).Password | Should -BeExactly $stored[0].token
    }
}
