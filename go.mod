module github.com/kronika/kronika

go 1.26
